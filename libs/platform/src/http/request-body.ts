import type { IncomingMessage } from 'node:http';
import { HttpStatus } from '@nestjs/common';
import type { FieldError } from './problem';

/** The largest JSON body any route takes (referrals are a few kilobytes). */
export const MAX_BODY_BYTES = 256 * 1024;

/** The deepest nesting of arrays and objects a JSON body may have (Accord's deepest is 4). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep the arrays and objects of a JSON text nest (strings skipped), stopping once past `limit`. */
export function jsonDepth(text: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/** A request refused before its body was parsed; body-parser answers with its `status`. */
export class BodyRefused extends Error {
  readonly type = 'entity.verify.failed';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * body-parser's `verify` hook: runs on the raw bytes before JSON.parse, so a body nested deeper
 * than MAX_JSON_DEPTH never reaches the parser, a DTO transformer or a proxy's JSON.stringify
 * (which overflow the stack on ~20,000 levels).
 */
export function refuseDeepJson(_request: IncomingMessage, _response: unknown, body: Buffer): void {
  if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new BodyRefused(
      HttpStatus.BAD_REQUEST,
      `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`,
    );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const pointerTo = (path: readonly string[]): string =>
  `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * Strings (values and keys) PostgreSQL cannot store in a jsonb or text column: a NUL character or a
 * lone UTF-16 surrogate. One field error per place, as a JSON pointer.
 */
export function unstorableStrings(value: unknown, path: readonly string[] = []): FieldError[] {
  const problemOf = (text: string): string | undefined =>
    text.includes('\u0000')
      ? 'must not contain the NUL character (\\u0000)'
      : LONE_SURROGATE.test(text)
        ? 'must not contain a lone UTF-16 surrogate (send valid Unicode)'
        : undefined;
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? [{ pointer: pointerTo(path), detail: problem }] : [];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const keyProblem = problemOf(key);
    const here = [...path, key];
    return [
      ...(keyProblem ? [{ pointer: pointerTo(here), detail: `its name ${keyProblem}` }] : []),
      ...unstorableStrings(child, here),
    ];
  });
}

/** What body-parser's own errors mean to the caller, without a byte of the input in them. */
const BODY_PARSER_ERRORS: Readonly<Record<string, { status: number; detail: string }>> = {
  'entity.parse.failed': { status: HttpStatus.BAD_REQUEST, detail: 'The body is not valid JSON.' },
  'entity.too.large': {
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    detail: `The body is larger than the ${MAX_BODY_BYTES} bytes a request may carry.`,
  },
  'request.size.invalid': {
    status: HttpStatus.BAD_REQUEST,
    detail: 'The body is not as long as its Content-Length says.',
  },
  'request.aborted': { status: HttpStatus.BAD_REQUEST, detail: 'The body ended before it was complete.' },
  'encoding.unsupported': {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    detail: 'The Content-Encoding is not supported; send the body uncompressed.',
  },
  'charset.unsupported': {
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    detail: 'The charset is not supported; send UTF-8.',
  },
  'parameters.too.many': { status: HttpStatus.BAD_REQUEST, detail: 'The form has too many fields.' },
};

/** body-parser's error as the caller should read it, or undefined when `error` is not one. */
export function bodyParserError(error: unknown): { status: number; detail: string } | undefined {
  if (error instanceof BodyRefused) return { status: error.status, detail: error.message };
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
}

/**
 * An Express error handler placed right after the body parsers: their errors (which carry the raw
 * input, and which Nest would turn into a 400 repeating the parser's message) become BodyRefused,
 * saying only what BODY_PARSER_ERRORS says.
 */
export function refuseUnreadableBodies(
  error: unknown,
  _request: IncomingMessage,
  _response: unknown,
  next: (error?: unknown) => void,
): void {
  const refused = bodyParserError(error);
  next(refused ? new BodyRefused(refused.status, refused.detail) : error);
}
