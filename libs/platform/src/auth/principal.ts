/** What a caller may be allowed to do; carried in the bearer token's `roles` claim. */
export const ROLES = [
  'referrer',
  'screener',
  'consent-officer',
  'facilitator',
  'case-worker',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** The verified caller: who (`sub`), for which agency, in which roles. */
export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
