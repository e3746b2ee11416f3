/**
 * How a decision is refused: `not-found` (404), `conflict` (409: the case is not in a state that
 * allows it), `forbidden` (403), `unprocessable` (422: well-formed but against a rule). Thrown by
 * deciders (pure) and mapped to HTTP once, by libs/platform's error filter.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'forbidden' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, machine-readable: `CONSENT_ALREADY_WITHDRAWN`. */
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('not-found', code, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', code, message, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', code, message, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('unprocessable', code, message, details);

/** Every `switch` over a union ends here, so adding a variant is a compile error until handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
