/**
 * What a caller may be allowed to do, read from the claim its agency's issuer registration names
 * (`roles` by default). `admin` is the platform administrator (only from the platform operator's
 * issuer); `agency-admin` administers one agency (what `admin` means from any other issuer).
 * Pure (no decorators, no Node): the web console imports it as `@accord/contracts/roles`.
 */
export const ROLES = [
  'referrer',
  'screener',
  'consent-officer',
  'facilitator',
  'case-worker',
  'auditor',
  'admin',
  'agency-admin',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
