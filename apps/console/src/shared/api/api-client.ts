// The console's calls to Accord's API go through the typed client generated from the OpenAPI
// document (`libs/api-client`, openapi-fetch): paths, path and query parameters and request
// bodies are checked against the contract at compile time. This file adds what a browser needs:
// the signed-in person's bearer token, the session ending on a 401, and every failed answer
// turned into an ApiProblem with the server's own words.
import { createAccordClient, type AccordClient, type operations } from '@accord/api-client';
import { ApiProblem, problemOf } from './problem';

export type ApiClient = AccordClient;

export class NetworkProblem extends Error {}

/** Same-origin calls to /api with the person's token; a 401 ends the session (`onUnauthorized`). */
export function createApiClient(options: {
  readonly token: () => string | undefined;
  readonly onUnauthorized: () => void;
  readonly baseUrl?: string;
}): ApiClient {
  return createAccordClient({
    baseUrl: options.baseUrl ?? globalThis.location?.origin ?? 'http://localhost',
    // Looked up at call time, so tests (and anything else) can replace the global fetch.
    fetch: (request) => globalThis.fetch(request),
    middleware: [
      {
        onRequest({ request }) {
          const token = options.token();
          if (token) request.headers.set('authorization', `Bearer ${token}`);
          return request;
        },
        onResponse({ response }) {
          if (response.status === 401) options.onUnauthorized();
          return response;
        },
      },
    ],
  });
}

/** What an openapi-fetch call resolves to. */
export interface Answer {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The answer's body as `T`, or its problem thrown as an ApiProblem (a network failure as a
 * NetworkProblem; a cancelled call's AbortError as it is). `T` is the page's view of a response the
 * contract leaves open (the read models' shapes); where the contract declares one it is checked.
 */
export async function answer<T>(call: Promise<Answer>): Promise<T> {
  let result: Answer;
  try {
    result = await call;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkProblem((error as Error).message);
  }
  if (!result.response.ok) throw problemOf(result.response, result.error);
  return result.data as T;
}

/** The JSON body an operation takes, by its operationId. */
export type RequestBody<Operation extends keyof operations> = operations[Operation] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The query parameters an operation takes, by its operationId. */
export type QueryOf<Operation extends keyof operations> = NonNullable<
  operations[Operation]['parameters']['query']
>;

export { ApiProblem };
