import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How every delivery is signed (the Standard Webhooks scheme): `webhook-signature: v1,<base64>` is
 * HMAC-SHA256 with the subscription's secret over `<webhook-id>.<webhook-timestamp>.<body>`, the
 * timestamp in Unix seconds. A receiver recomputes it and refuses a timestamp outside its replay
 * window, so a captured delivery cannot be replayed later.
 */
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `${SIGNATURE_VERSION},${mac}`;
}

export type SignatureCheck = { readonly valid: true } | { readonly valid: false; readonly why: string };

/** What a receiver does with a delivery's headers and raw body. */
export function verifyWebhook(
  secret: string,
  headers: { readonly id?: string; readonly timestamp?: string; readonly signature?: string },
  body: string,
  now: number = Date.now(),
  windowSeconds: number = DEFAULT_REPLAY_WINDOW_SECONDS,
): SignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature)
    return { valid: false, why: 'missing webhook-id, -timestamp or -signature' };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > windowSeconds)
    return { valid: false, why: 'timestamp outside the replay window' };
  const expected = Buffer.from(signWebhook(secret, id, seconds, body));
  const matches = signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true } : { valid: false, why: 'signature does not match' };
}
