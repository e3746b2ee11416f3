import { Expose, Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { SERVICES } from '@accord/contracts';
import { ServiceConfig } from '@accord/platform';

const local = (port: number): string => `http://127.0.0.1:${port}`;
const URL_RULE = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };
const URL_MESSAGE = { message: 'must be an http(s) URL such as http://127.0.0.1:3001' };

/** Where each service answers (intake's INTAKE_URL: every service's, see ServiceConfig), and how hard agencies may push. */
export class GatewayConfig extends ServiceConfig {
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
}
