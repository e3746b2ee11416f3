import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import type { GatewayConfig } from '../gateway.config';

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

/** A JSON-valued setting, parsed before validation (left as text when it is not JSON, so it fails there). */
export const parseJsonSetting = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/** `<checkout>/dist/console`, from the sources or the compiled files alike. */
export function defaultConsoleDir(start = __dirname): string {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
  }
  return join(start, 'dist', 'console');
}

export interface ConsoleSignIn {
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly agencies: readonly { readonly id: string; readonly name: string; readonly issuer: string }[];
}

/** What the console's sign-in page offers: each agency with the OpenID issuer its people sign in at. */
export function consoleSignIn(config: GatewayConfig): ConsoleSignIn {
  return {
    clientId: config.CONSOLE_CLIENT_ID,
    audience: config.AUTH_AUDIENCE ?? 'urn:accord:api',
    scope: config.CONSOLE_SCOPE,
    agencies: config.CONSOLE_AGENCIES,
  };
}
