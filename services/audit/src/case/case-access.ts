import { notFound, type Role } from '@accord/contracts';
import type { Principal } from '@accord/platform';

/** Roles that read every case, personal data included (and whose reads are logged). */
export const AUDIT_READERS: readonly Role[] = ['auditor', 'admin'];

export const readsEverything = (principal: Principal): boolean =>
  AUDIT_READERS.some((role) => principal.roles.includes(role));

export interface CaseAgencies {
  readonly referringAgency: string | null;
  readonly receivingService: string | null;
}

/**
 * Which agencies a case belongs to, from what its events say: intake's submission names both, and
 * every later step's case profile repeats them (so a case that intake never wrote still has them).
 */
export function caseAgencies(events: readonly { readonly data: object }[]): CaseAgencies {
  let referringAgency: string | null = null;
  let receivingService: string | null = null;
  for (const { data } of events) {
    const record = data as {
      referringAgency?: unknown;
      receivingService?: unknown;
      profile?: { referringAgency?: unknown; receivingService?: unknown };
      file?: { referringAgency?: unknown; receivingService?: unknown };
    };
    for (const source of [record, record.profile, record.file]) {
      if (!source) continue;
      if (referringAgency === null && typeof source.referringAgency === 'string')
        referringAgency = source.referringAgency;
      if (receivingService === null && typeof source.receivingService === 'string')
        receivingService = source.receivingService;
    }
    if (referringAgency !== null && receivingService !== null) break;
  }
  return { referringAgency, receivingService };
}

/** `full`: everything, personal data included; `withheld`: the trail without personal data. */
export const HISTORY_VIEWS = ['full', 'withheld'] as const;
export type HistoryView = (typeof HISTORY_VIEWS)[number];

/**
 * Auditors and admins see every case in full. The receiving service's own staff see its trail
 * without personal data. Anyone else gets the same 404 as for a case that does not exist, so no
 * one learns that it does.
 */
export function historyViewFor(principal: Principal, caseId: string, agencies: CaseAgencies): HistoryView {
  if (readsEverything(principal)) return 'full';
  if (agencies.receivingService !== null && agencies.receivingService === principal.agency) return 'withheld';
  throw caseNotFound(caseId);
}

export const caseNotFound = (caseId: string) =>
  notFound('CASE_NOT_FOUND', `There is no case ${caseId} that you may see.`, { caseId });
