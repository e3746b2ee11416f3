import type { Role } from '@accord/contracts';

/**
 * Who may call each operation of docs/openapi.json, declared here independently of the guards that
 * enforce it (the matrix test checks the code against this table, and this table against the
 * document: an operation added to the API without a line here fails the test).
 *
 * - `public`: anyone, no token.
 * - `case`: about one case (`{caseId}`): callers with one of `roles` whose relation to the case is
 *   one of `sees`; everyone else with such a role gets exactly the answer an unknown case gets.
 * - `caller-agency`: answers about the caller's own agency only (lists, its own roster).
 * - `agency-entry`: `/api/admin/agencies/{id}`: the platform administrator, or that agency's own
 *   administrator when `ownAdmin` is set.
 * - `platform`: platform-wide: only the listed (platform) roles.
 * `roles: 'any'` means any role at all (a token with no role is still refused).
 */
export type Relation = 'referring' | 'receiving' | 'auditor' | 'platform-admin' | 'shared-with';

export type OperationPolicy =
  | { readonly kind: 'public' }
  | {
      readonly kind: 'case';
      readonly roles: readonly Role[] | 'any';
      readonly sees: readonly Relation[];
      /** A valid body for a write, so the handler itself (not validation) decides. */
      readonly body?: (context: PolicyContext) => unknown;
      /** What an allowed caller gets, when not 200 (reads) or 400 (writes, with a body validation refuses). */
      readonly allowed?: readonly number[];
    }
  | {
      readonly kind: 'caller-agency';
      readonly roles: readonly Role[] | 'any';
      readonly stream?: true;
      /** What an allowed caller gets, when not 200 (reads) or 400 (writes). */
      readonly allowed?: readonly number[];
    }
  | {
      readonly kind: 'agency-entry';
      readonly roles: readonly Role[];
      readonly ownAdmin: boolean;
      readonly body?: (context: PolicyContext) => unknown;
    }
  | { readonly kind: 'platform'; readonly roles: readonly Role[]; readonly allowed?: readonly number[] };

/** What the seeded case offers a valid body. */
export interface PolicyContext {
  readonly personId: string;
  readonly actionId: string;
}

const CASE_READERS: Role[] = [
  'referrer',
  'screener',
  'case-worker',
  'consent-officer',
  'facilitator',
  'auditor',
];
const reason = 'authorization matrix probe';

export const AUTHORIZATION_POLICY: Readonly<Record<string, OperationPolicy>> = {
  // intake
  submitReferral: { kind: 'caller-agency', roles: ['referrer'] },
  referralStatusList: { kind: 'caller-agency', roles: CASE_READERS },
  referralChanges: { kind: 'caller-agency', roles: CASE_READERS, stream: true },
  referralStatusGet: { kind: 'case', roles: CASE_READERS, sees: ['referring', 'receiving', 'auditor'] },
  decideReferralAccept: {
    kind: 'case',
    roles: ['screener', 'case-worker'],
    sees: ['receiving'],
    body: () => ({}),
    // It takes no body, so nothing to refuse: the seeded case was accepted once already.
    allowed: [409],
  },
  decideReferralDecline: {
    kind: 'case',
    roles: ['screener', 'case-worker'],
    sees: ['receiving'],
    body: () => ({ reason }),
  },
  amendReferral: {
    kind: 'case',
    roles: ['referrer'],
    sees: ['referring'],
    body: () => ({ reason, changes: { riskLevel: 'medium' } }),
  },
  agencyAdminList: { kind: 'platform', roles: ['admin'] },
  agencyAdminGet: { kind: 'agency-entry', roles: ['admin', 'agency-admin'], ownAdmin: true },
  agencyAdminPut: {
    kind: 'agency-entry',
    roles: ['admin', 'agency-admin'],
    ownAdmin: true,
    body: () => ({ name: 'Taken over', kind: 'rj-service', mayReferTo: [] }),
  },
  setAgencyTrust: { kind: 'agency-entry', roles: ['admin'], ownAdmin: false },
  directoryTrust: { kind: 'public' },
  // screening
  recordManualDecision: {
    kind: 'case',
    roles: ['screener'],
    sees: ['receiving'],
    body: () => ({ outcome: 'ineligible', reason }),
  },
  caseScreening: { kind: 'case', roles: 'any', sees: ['referring', 'receiving', 'auditor'] },
  // consent
  recordConsent: {
    kind: 'case',
    roles: ['consent-officer'],
    sees: ['receiving'],
    body: ({ personId }) => ({
      personId,
      purpose: 'participation',
      decision: 'declined',
      method: 'in-person',
    }),
  },
  withdrawConsent: {
    kind: 'case',
    roles: ['consent-officer'],
    sees: ['receiving'],
    body: ({ personId }) => ({ personId, purpose: 'participation', method: 'phone', reason }),
  },
  caseConsentStatus: { kind: 'case', roles: 'any', sees: ['referring', 'receiving', 'auditor'] },
  caseConsentShared: { kind: 'case', roles: 'any', sees: ['shared-with'] },
  consentInbox: { kind: 'caller-agency', roles: ['consent-officer'] },
  // conferencing
  assignFacilitator: {
    kind: 'case',
    roles: ['case-worker'],
    sees: ['receiving'],
    body: () => ({ facilitatorId: 'fac-ben', reason }),
  },
  scheduleConference: {
    kind: 'case',
    roles: ['facilitator', 'case-worker'],
    sees: ['receiving'],
    body: ({ personId }) => ({
      mode: 'face-to-face',
      at: new Date(Date.now() + 9 * 86_400_000).toISOString(),
      where: 'Matrix Community Centre',
      participants: [personId],
      safetyPlan: 'Separate rooms; a support worker present throughout.',
    }),
  },
  recordOutcome: {
    kind: 'case',
    roles: ['facilitator', 'case-worker'],
    sees: ['receiving'],
    body: () => ({ result: 'no-agreement', reason }),
  },
  cancelConference: {
    kind: 'case',
    roles: ['facilitator', 'case-worker'],
    sees: ['receiving'],
    body: () => ({ reason }),
  },
  caseConference: { kind: 'case', roles: 'any', sees: ['referring', 'receiving'] },
  facilitatorsList: { kind: 'caller-agency', roles: ['agency-admin', 'case-worker'] },
  facilitatorsPut: { kind: 'caller-agency', roles: ['agency-admin'] },
  // follow-up
  resolveAction: {
    kind: 'case',
    roles: ['case-worker'],
    sees: ['receiving'],
    body: () => ({ result: 'missed' }),
  },
  recordCheckIn: {
    kind: 'case',
    roles: ['case-worker'],
    sees: ['receiving'],
    body: () => ({ satisfaction: 1, feelingOfSafety: 1, wellbeingChange: 'worse', notes: reason }),
  },
  closeCase: {
    kind: 'case',
    roles: ['case-worker'],
    sees: ['receiving'],
    body: () => ({ outcome: 'closed-by-decision', reason }),
  },
  outcomesReport: { kind: 'caller-agency', roles: ['case-worker', 'admin', 'auditor'] },
  // notifications
  caseMessages: { kind: 'case', roles: 'any', sees: ['receiving', 'auditor'] },
  webhooksRegister: { kind: 'caller-agency', roles: ['agency-admin'] },
  webhooksList: { kind: 'caller-agency', roles: ['agency-admin'] },
  // The probe names no subscription: `{subscriptionId}` is not an id, so it names nothing (404), once the role is let in.
  webhooksDeliveries: { kind: 'caller-agency', roles: ['agency-admin'], allowed: [404] },
  webhooksRedeliver: { kind: 'caller-agency', roles: ['agency-admin'], allowed: [404] },
  // audit
  caseHistory: { kind: 'case', roles: 'any', sees: ['receiving', 'auditor', 'platform-admin'] },
  caseState: { kind: 'case', roles: ['auditor', 'admin'], sees: ['auditor', 'platform-admin'] },
  verifyVerifyCase: { kind: 'case', roles: ['auditor', 'admin'], sees: ['auditor', 'platform-admin'] },
  verifyVerifyAll: { kind: 'platform', roles: ['auditor', 'admin'] },
  // No checkpoint may have been written yet: 404 then.
  checkpoints: { kind: 'platform', roles: ['auditor', 'admin'], allowed: [200, 404] },
  erasePerson: { kind: 'platform', roles: ['admin'] },
};
