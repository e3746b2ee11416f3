import { ApiProblem, problemFrom } from './problem';

export interface RequestOptions {
  readonly body?: unknown;
  readonly query?: Record<string, string | number | undefined>;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, options?: RequestOptions): Promise<T>;
  put<T>(path: string, options?: RequestOptions): Promise<T>;
  /** Raw text (CSV, NDJSON exports). */
  text(path: string, options?: RequestOptions & { accept: string }): Promise<string>;
}

export class NetworkProblem extends Error {}

/**
 * Same-origin calls to /api with the signed-in person's bearer token. A 401 ends the session
 * (`onUnauthorized`); every other error becomes an ApiProblem with the server's own words.
 */
export function createApiClient(options: {
  readonly token: () => string | undefined;
  readonly onUnauthorized: () => void;
  readonly baseUrl?: string;
}): ApiClient {
  const base = options.baseUrl ?? '';
  async function send(method: string, path: string, request: RequestOptions & { accept?: string } = {}) {
    const url = new URL(base + path, globalThis.location?.origin ?? 'http://localhost');
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {
      accept: request.accept ?? 'application/json',
      ...request.headers,
    };
    const token = options.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal,
        credentials: 'same-origin',
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new NetworkProblem((error as Error).message);
    }
    if (response.status === 401) options.onUnauthorized();
    if (!response.ok) throw await problemFrom(response);
    return response;
  }
  const json = async <T>(response: Response): Promise<T> =>
    (response.status === 204 ? undefined : await response.json()) as T;
  return {
    get: async (path, request) => json(await send('GET', path, request)),
    post: async (path, request) => json(await send('POST', path, request)),
    put: async (path, request) => json(await send('PUT', path, request)),
    text: async (path, request) => (await send('GET', path, request)).text(),
  };
}

export { ApiProblem };
