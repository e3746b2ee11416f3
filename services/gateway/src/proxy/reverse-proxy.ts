import {
  request as httpRequest,
  Agent as HttpAgent,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import type { Request, Response } from 'express';

/** Connection-scoped headers (RFC 9110 §7.6.1): they describe one hop, never the next. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers['connection'] ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) kept[name] = value;
  }
  return kept;
}

export interface ForwardOptions {
  /** Service base URL, e.g. http://127.0.0.1:3001. */
  readonly target: string;
  readonly service: string;
  readonly timeoutMs: number;
  /** Added to (or replacing) the forwarded request's headers. */
  readonly extraHeaders: Readonly<Record<string, string>>;
}

/** What went wrong reaching a service, as the caller should read it. */
export interface UpstreamFailure {
  readonly status: 502 | 504;
  readonly code: 'UPSTREAM_UNREACHABLE' | 'UPSTREAM_TIMEOUT';
  readonly detail: string;
  /**
   * The request cannot have reached the service — the connection was refused (a replica stopped or
   * scaled in), or a kept-alive connection the service had just closed was reset — and its body is
   * buffered: it may be sent again, unchanged, to the next replica.
   */
  readonly retryable?: true;
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 128 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 128 });

/**
 * The body as the service must receive it. Nest's body parsers have already read JSON and form
 * bodies by the time a route runs, so those are written out again; anything else (still unread)
 * streams through untouched.
 */
function bodyOf(request: Request): { readonly buffered?: Buffer; readonly stream: boolean } {
  // No Content-Length and no Transfer-Encoding: no body (RFC 9112 §6.3), so nothing to stream and
  // the request can be sent again to another replica.
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return { stream: false };
  if (!request.readableEnded) return { stream: true };
  const body: unknown = request.body;
  if (body === undefined) return { stream: false };
  if (request.is('application/x-www-form-urlencoded')) {
    return {
      buffered: Buffer.from(new URLSearchParams(body as Record<string, string>).toString()),
      stream: false,
    };
  }
  return { buffered: Buffer.from(JSON.stringify(body)), stream: false };
}

/**
 * Forwards one request to a service and its answer back: method, path and query, end-to-end
 * headers, the body (streamed where it still can be) and the service's status, headers and body
 * as they come. Resolves with a failure, instead of answering, when the service cannot be reached.
 */
export function forward(
  request: Request,
  response: Response,
  options: ForwardOptions,
): Promise<UpstreamFailure | null> {
  return new Promise((resolve) => {
    const url = new URL(request.originalUrl, options.target);
    const body = bodyOf(request);
    const headers: OutgoingHttpHeaders = { ...endToEnd(request.headers), ...options.extraHeaders };
    if (body.buffered) headers['content-length'] = String(body.buffered.length);
    else if (!body.stream) delete headers['content-length'];
    const forwardedFor = request.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = [forwardedFor, request.socket.remoteAddress].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = request.protocol;
    if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;

    const secure = url.protocol === 'https:';
    let settled = false;
    const settle = (failure: UpstreamFailure | null): void => {
      if (settled) return;
      settled = true;
      resolve(failure);
    };
    const upstream = (secure ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      agent: secure ? httpsAgent : httpAgent,
    });
    upstream.setTimeout(options.timeoutMs, () => {
      upstream.destroy(new Error('timeout'));
      settle({
        status: 504,
        code: 'UPSTREAM_TIMEOUT',
        detail: `The ${options.service} service did not answer within ${options.timeoutMs} ms; try again shortly.`,
      });
    });
    upstream.on('response', (answer) => {
      response.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(endToEnd(answer.headers))) {
        if (value !== undefined) response.setHeader(name, value);
      }
      answer.pipe(response);
      answer.on('end', () => settle(null));
      answer.on('error', () => {
        // Headers are gone already: all that is left is to cut the connection.
        response.destroy();
        settle(null);
      });
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (response.headersSent) {
        response.destroy();
        settle(null);
        return;
      }
      settle({
        status: 502,
        code: 'UPSTREAM_UNREACHABLE',
        detail: `The ${options.service} service cannot be reached (${error.code ?? error.message}); try again shortly.`,
        // A streamed body may be partly gone into the connection: only a buffered one is resent.
        ...((error.code === 'ECONNREFUSED' || (error.code === 'ECONNRESET' && upstream.reusedSocket)) &&
        !body.stream
          ? { retryable: true as const }
          : {}),
      });
    });
    if (body.stream) request.pipe(upstream);
    else upstream.end(body.buffered);
  });
}
