import { createHash } from 'node:crypto';

/** The namespace for ids Accord derives (RFC 9562 name-based, SHA-1). */
export const ACCORD_NAMESPACE = '5b3f0f46-7a1e-4c1f-9a3d-6f6b7e0c2a11';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * UUID version 5: the same name in the same namespace always gives the same id. Consumers derive
 * the ids of the events they append from (incoming event id, handler name), so a redelivered
 * message appends nothing new.
 */
export function uuidV5(name: string, namespace: string = ACCORD_NAMESPACE): string {
  if (!UUID.test(namespace)) throw new Error(`namespace must be a UUID, got ${JSON.stringify(namespace)}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
