/**
 * What a caller may be allowed to do, read from the claim its agency's issuer registration names
 * (`roles` by default). `admin` is the platform administrator (only from the platform operator's
 * issuer); `agency-admin` administers one agency (what `admin` means from any other issuer).
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

/** The verified caller: who (`sub`), for which agency, in which roles. */
export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether `principal` may administer `agency`: the platform administrator any agency, an agency's
 * own administrator (`agency-admin`) only its own. Every agency-scoped admin route (the directory
 * entry, facilitators, webhooks) asks this, or scopes by `principal.agency` outright.
 */
export function administers(principal: Principal, agency: string): boolean {
  return (
    principal.roles.includes('admin') ||
    (principal.roles.includes('agency-admin') && principal.agency === agency)
  );
}
