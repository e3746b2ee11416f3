import { Expose, Transform } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { SERVICES, serviceUrlVariable, UPSTREAM_NAMES } from '@accord/contracts';
import { ServiceConfig, ServiceUrls, WholeNumber } from '@accord/platform';
import { ConsoleAgency, defaultConsoleDir, parseConsoleAgencies } from './console/console-sign-in';

/**
 * Where each service answers (`INTAKE_URL`, `FOLLOW_UP_URL` … one variable per service the
 * manifest gives public routes, defaulting to its port on this machine; several URLs,
 * comma-separated, balance over its replicas), and how hard agencies may push.
 */
export class GatewayConfig extends ServiceConfig {
  constructor() {
    super();
    const urls = this as unknown as Record<string, string>;
    for (const service of UPSTREAM_NAMES)
      urls[serviceUrlVariable(service)] = `http://127.0.0.1:${SERVICES[service].port}`;
  }

  /** Requests per minute per verified caller (agency and subject). */
  @WholeNumber({ min: 1 })
  RATE_LIMIT_PER_MINUTE = 300;

  /** Requests per minute per client address, counted before any token is looked at. */
  @WholeNumber({ min: 1 })
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE = 1200;

  /** How long an upstream service may take to start answering before the gateway gives up (504). */
  @WholeNumber({ unit: 'milliseconds', min: 100, max: 600_000 })
  UPSTREAM_TIMEOUT_MS = 30_000;

  /**
   * Requests this gateway replica forwards to one service at a time. Past it the caller gets 503
   * with Retry-After at once, instead of its request (and body) waiting in the gateway's memory
   * behind a service that is already behind: under overload the queue, not the work, grows.
   */
  @WholeNumber({ min: 1, max: 100_000 })
  UPSTREAM_MAX_IN_FLIGHT = 256;

  /** The built web console (apps/console → `npm run build:console`). */
  @Expose() @IsString() CONSOLE_DIR = defaultConsoleDir();

  /** The console's OpenID client id at every agency's provider (a public client: code + PKCE). */
  @Expose() @IsString() CONSOLE_CLIENT_ID = 'accord-console';

  @Expose() @IsString() CONSOLE_SCOPE = 'openid accord';

  /** JSON: `[{"id":"police-north","name":"North Police","issuer":"https://…"}]` — the sign-in page's choices. */
  @Expose()
  @Transform(parseConsoleAgencies)
  @IsArray({ message: 'must be a JSON array of {id, name, issuer}' })
  @ValidateNested({ each: true })
  CONSOLE_AGENCIES: ConsoleAgency[] = [];
}

for (const service of UPSTREAM_NAMES) ServiceUrls()(GatewayConfig.prototype, serviceUrlVariable(service));
