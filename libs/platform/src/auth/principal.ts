import type { Role } from '@accord/contracts';

/** The verified caller: who (`sub`), for which agency, in which roles. */
export interface Principal {
  readonly sub: string;
  readonly agency: string;
  readonly roles: readonly Role[];
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
