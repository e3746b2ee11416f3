import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** Every error Accord answers (RFC 9457 problem details). */
export type Problem = components['schemas']['Problem'];

/** The typed client of the Accord API: `client.GET('/api/referrals/{caseId}', { params: … })`. */
export type AccordClient = Client<paths>;

export interface AccordClientOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** The bearer token, or how to get a fresh one for each request. */
  readonly token?: string | (() => string | Promise<string>);
  /** Runs on every request and response, after the token is set (e.g. contract validation in tests). */
  readonly middleware?: readonly Middleware[];
  readonly fetch?: typeof globalThis.fetch;
  /**
   * Read-your-writes across services: every request sends the session's `Accord-Consistency` token
   * and every answer's token replaces it, so a step never meets the pipeline before an earlier step
   * arrived (a service waits for what the token names; 503 + Retry-After if it takes too long).
   * Keep one session per case or journey.
   */
  readonly consistency?: ConsistencySession;
}

/** The header of read-your-writes tokens (see the API description). */
export const CONSISTENCY_HEADER = 'Accord-Consistency';

/** The latest consistency token a caller holds: one per case or journey. */
export class ConsistencySession {
  token: string | undefined;
}

/** A client of the Accord API, generated from its OpenAPI document (`npm run api-client`). */
export function createAccordClient(options: AccordClientOptions): AccordClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const { token } = options;
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
        return request;
      },
    });
  }
  const session = options.consistency;
  if (session) {
    client.use({
      onRequest({ request }) {
        if (session.token) request.headers.set(CONSISTENCY_HEADER, session.token);
        return request;
      },
      onResponse({ response }) {
        session.token = response.headers.get(CONSISTENCY_HEADER) ?? session.token;
        return response;
      },
    });
  }
  for (const middleware of options.middleware ?? []) client.use(middleware);
  return client;
}
