import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Expose, Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsInt,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SERVICES } from '@accord/contracts';
import { ServiceConfig } from '@accord/platform';

const local = (port: number): string => `http://127.0.0.1:${port}`;
const URL_RULE = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };
const URL_MESSAGE = { message: 'must be an http(s) URL such as http://127.0.0.1:3001' };

/** One organisation on the console's sign-in page and the OpenID issuer its people sign in at. */
export class ConsoleAgency {
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'id must be an agency id such as police-north' })
  id!: string;

  @IsString({ message: 'name must be text' })
  @MaxLength(200)
  name!: string;

  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'issuer must be an http(s) URL' },
  )
  issuer!: string;
}

/** The checkout's root (the folder with package.json), from the sources or the compiled files alike. */
function repoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

const parseJson = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** Where each service answers, and how hard agencies may push. */
export class GatewayConfig extends ServiceConfig {
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) INTAKE_URL = local(SERVICES.intake.port);
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) SCREENING_URL = local(SERVICES.screening.port);
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) CONSENT_URL = local(SERVICES.consent.port);
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) CONFERENCING_URL = local(SERVICES.conferencing.port);
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) FOLLOW_UP_URL = local(SERVICES['follow-up'].port);
  @Expose() @IsUrl(URL_RULE, URL_MESSAGE) AUDIT_URL = local(SERVICES.audit.port);

  /** Requests per minute per bearer token (or per client address without one). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  RATE_LIMIT_PER_MINUTE = 300;

  /** How long an upstream service may take to start answering before the gateway gives up (504). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100' })
  @Max(600_000, { message: 'must be at most 600000' })
  UPSTREAM_TIMEOUT_MS = 30_000;

  /** The built web console (apps/console → `npm run build:console`). */
  @Expose() @IsString() CONSOLE_DIR = join(repoRoot(__dirname), 'dist', 'console');

  /** The console's OpenID client id at every agency's provider (a public client: code + PKCE). */
  @Expose() @IsString() CONSOLE_CLIENT_ID = 'accord-console';

  @Expose() @IsString() CONSOLE_SCOPE = 'openid accord';

  /** JSON: `[{"id":"police-north","name":"North Police","issuer":"https://…"}]` — the sign-in page's choices. */
  @Expose()
  @Transform(parseJson)
  @IsArray({ message: 'must be a JSON array of {id, name, issuer}' })
  @ValidateNested({ each: true })
  @Type(() => ConsoleAgency)
  CONSOLE_AGENCIES: ConsoleAgency[] = [];
}
