import { Expose, Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { SERVICES, serviceUrlVariable, UPSTREAM_NAMES } from '@accord/contracts';
import { ServiceConfig } from '@accord/platform';

const URL_RULE = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };
const URL_MESSAGE = { message: 'must be an http(s) URL such as http://127.0.0.1:3001' };

/**
 * Where each service answers (`INTAKE_URL`, `FOLLOW_UP_URL` … one variable per service the
 * manifest gives public routes, defaulting to its port on this machine), and how hard agencies
 * may push.
 */
export class GatewayConfig extends ServiceConfig {
  constructor() {
    super();
    const urls = this as unknown as Record<string, string>;
    for (const service of UPSTREAM_NAMES)
      urls[serviceUrlVariable(service)] = `http://127.0.0.1:${SERVICES[service].port}`;
  }

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

for (const service of UPSTREAM_NAMES) {
  Expose()(GatewayConfig.prototype, serviceUrlVariable(service));
  IsUrl(URL_RULE, URL_MESSAGE)(GatewayConfig.prototype, serviceUrlVariable(service));
}
