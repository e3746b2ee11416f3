import {
  assertNever,
  conflict,
  forbidden,
  notFound,
  unprocessable,
  type CaseHaltedV1,
  type CaseProfile,
  type Command,
  type CommandMetadata,
  type ConsentDeclinedV1,
  type ConsentGivenV1,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentsCompleteV1,
  type ConsentWithdrawnV1,
  type HaltReason,
  type ParticipantRole,
  type ScreeningRequirements,
  type SharingScope,
  type Events,
} from '@accord/contracts';
import { consentRequirements, type RequiredConsent } from './required-consents';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long people have to answer, and when the consent officer is reminded (from config). */
export interface ConsentPolicy {
  readonly expiryDays: number;
  readonly reminderDaysBefore: number;
}

// ---------------------------------------------------------------- commands

export type RequestConsents = Command<
  'RequestConsents',
  {
    readonly caseId: string;
    readonly profile: CaseProfile;
    readonly requirements: ScreeningRequirements;
    readonly policy: ConsentPolicy;
  }
>;

/** Who acts over HTTP (the metadata's actor and agency): the decider answers 404/403 to agencies that may not. */
interface Officer {
  readonly id: string;
  readonly agency: string | undefined;
}

const officerOf = ({ actor, agency }: CommandMetadata): Officer => ({ id: actor.id, agency });

export type RecordConsent = Command<
  'RecordConsent',
  {
    readonly caseId: string;
    readonly personId: string;
    readonly purpose: ConsentPurpose;
    readonly decision: 'given' | 'declined';
    readonly method: ConsentMethod;
    readonly sharing?: SharingScope;
  }
>;

export type WithdrawConsent = Command<
  'WithdrawConsent',
  {
    readonly caseId: string;
    readonly personId: string;
    readonly purpose: ConsentPurpose;
    /** Information-sharing only: withdraw sharing with this agency; all agencies when absent. */
    readonly agency?: string;
    readonly method: ConsentMethod;
    readonly reason?: string;
  }
>;

export type ExpireConsents = Command<'ExpireConsents', { readonly caseId: string }>;

export type RemindConsents = Command<'RemindConsents', { readonly caseId: string }>;

export type ConsentCommand =
  | RequestConsents
  | RecordConsent
  | WithdrawConsent
  | ExpireConsents
  | RemindConsents;

// ---------------------------------------------------------------- events

export interface ConsentCaseOpenedData {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly requirements: ScreeningRequirements;
  readonly openedAt: string;
  readonly dueAt: string;
  /** Absent when the reminder would fall before the requests were even made. */
  readonly remindAt?: string;
}

/** A later CaseEligible (re-screening after an amended referral) changed who must consent. */
export interface ConsentRequirementsUpdatedData {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly requirements: ScreeningRequirements;
  readonly updatedAt: string;
}

export interface ConsentRequestedData {
  readonly caseId: string;
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly purpose: 'participation';
  readonly onBehalfOf?: readonly string[];
  readonly requestedAt: string;
  readonly dueAt: string;
  readonly remindAt?: string;
}

export interface GuardianNeededData {
  readonly caseId: string;
  /** The under-18 participant without a named guardian. */
  readonly personId: string;
  readonly recordedAt: string;
}

export interface OutstandingConsent {
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly purpose: 'participation';
}

export interface ConsentReminderDueData {
  readonly caseId: string;
  readonly dueAt: string;
  readonly outstanding: readonly OutstandingConsent[];
  readonly guardiansNeeded: readonly string[];
  readonly remindedAt: string;
}

export type ConsentEvent = Events<{
  ConsentCaseOpened: ConsentCaseOpenedData;
  ConsentRequirementsUpdated: ConsentRequirementsUpdatedData;
  ConsentRequested: ConsentRequestedData;
  GuardianNeeded: GuardianNeededData;
  ConsentGiven: ConsentGivenV1;
  ConsentDeclined: ConsentDeclinedV1;
  ConsentWithdrawn: ConsentWithdrawnV1;
  ConsentsComplete: ConsentsCompleteV1;
  CaseHalted: CaseHaltedV1;
  ConsentReminderDue: ConsentReminderDueData;
}>;

// ---------------------------------------------------------------- state

export const CONSENT_STATUSES = ['given', 'declined', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export interface ConsentRecord {
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly purpose: ConsentPurpose;
  readonly status: ConsentStatus;
  readonly method: ConsentMethod;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly sharing?: SharingScope;
}

/** A case whose consents are being gathered: what opened it, and what has happened since. */
export interface OpenCase extends ConsentCaseOpenedData {
  readonly required: readonly RequiredConsent[];
  readonly guardiansNeeded: readonly string[];
  /** Latest record per consent key (`consentKey`). */
  readonly consents: Readonly<Record<string, ConsentRecord>>;
  readonly remindedAt?: string;
  readonly completedAt?: string;
}

export type ConsentState =
  | { readonly status: 'not-requested' }
  | ({ readonly status: 'requested' } & OpenCase)
  | ({ readonly status: 'complete' } & OpenCase)
  | ({ readonly status: 'halted'; readonly halt: CaseHaltedV1 } & OpenCase);

export type OpenState = Exclude<ConsentState, { status: 'not-requested' }>;

export const initialState: ConsentState = { status: 'not-requested' };

/** One consent per person and purpose; sharing consents are per agency too. */
export const consentKey = (personId: string, purpose: ConsentPurpose, agency?: string): string =>
  purpose === 'information-sharing' ? `${personId}|${purpose}|${agency ?? ''}` : `${personId}|${purpose}`;

const keyOf = (fact: { personId: string; purpose: ConsentPurpose; sharing?: SharingScope }): string =>
  consentKey(fact.personId, fact.purpose, fact.sharing?.agency);

const addDays = (instant: string, days: number): string =>
  new Date(Date.parse(instant) + days * DAY_MS).toISOString();

/** Participation consents still missing (not given) among those required. */
export function outstandingConsents(state: OpenCase): OutstandingConsent[] {
  return state.required
    .filter((required) => state.consents[consentKey(required.personId, 'participation')]?.status !== 'given')
    .map(({ personId, role }) => ({ personId, role, purpose: 'participation' }));
}

const isComplete = (state: OpenCase): boolean =>
  state.guardiansNeeded.length === 0 && outstandingConsents(state).length === 0;

// ---------------------------------------------------------------- decide

function requestConsents(command: RequestConsents, state: ConsentState): ConsentEvent[] {
  const { caseId, profile, requirements, policy } = command.data;
  const { now } = command.metadata;
  if (state.status === 'complete' || state.status === 'halted') return [];
  const { required, guardiansNeeded } = consentRequirements(profile, requirements);
  if (state.status === 'requested') {
    if (
      JSON.stringify({ profile, requirements }) ===
      JSON.stringify({ profile: state.profile, requirements: state.requirements })
    )
      return [];
    const alreadyRequested = new Set(state.required.map((consent) => consent.personId));
    const alreadyNeeded = new Set(state.guardiansNeeded);
    return [
      { type: 'ConsentRequirementsUpdated', data: { caseId, profile, requirements, updatedAt: now } },
      ...required
        .filter((consent) => !alreadyRequested.has(consent.personId))
        .map((consent) => requested(caseId, consent, now, state.dueAt, state.remindAt)),
      ...guardiansNeeded
        .filter((personId) => !alreadyNeeded.has(personId))
        .map((personId) => guardianNeeded(caseId, personId, now)),
    ];
  }
  const dueAt = addDays(now, policy.expiryDays);
  const remindAt = addDays(dueAt, -policy.reminderDaysBefore);
  const reminder = remindAt > now ? { remindAt } : {};
  return [
    { type: 'ConsentCaseOpened', data: { caseId, profile, requirements, openedAt: now, dueAt, ...reminder } },
    ...required.map((consent) => requested(caseId, consent, now, dueAt, reminder.remindAt)),
    ...guardiansNeeded.map((personId) => guardianNeeded(caseId, personId, now)),
  ];
}

function requested(
  caseId: string,
  consent: RequiredConsent,
  now: string,
  dueAt: string,
  remindAt: string | undefined,
): ConsentEvent {
  return {
    type: 'ConsentRequested',
    data: {
      caseId,
      personId: consent.personId,
      role: consent.role,
      purpose: 'participation',
      ...(consent.onBehalfOf ? { onBehalfOf: consent.onBehalfOf } : {}),
      requestedAt: now,
      dueAt,
      ...(remindAt ? { remindAt } : {}),
    },
  };
}

const guardianNeeded = (caseId: string, personId: string, now: string): ConsentEvent => ({
  type: 'GuardianNeeded',
  data: { caseId, personId, recordedAt: now },
});

/** The receiving service records consent; the referrer is told it may not, anyone else that there is no such case. */
function openCaseFor(state: ConsentState, caseId: string, officer: Officer): OpenState {
  if (state.status === 'not-requested')
    throw notFound('CASE_NOT_FOUND', `There is no consent process for case ${caseId}.`, { caseId });
  if (officer.agency === state.profile.receivingService) return state;
  if (officer.agency === state.profile.referringAgency) {
    throw forbidden(
      'NOT_RECEIVING_SERVICE',
      `Only the receiving service (${state.profile.receivingService}) records consent; the referring agency sees the overall status.`,
      { caseId },
    );
  }
  throw notFound('CASE_NOT_FOUND', `There is no consent process for case ${caseId}.`, { caseId });
}

function participant(state: OpenState, personId: string): { personId: string; role: ParticipantRole } {
  const person = state.profile.participants.find((candidate) => candidate.personId === personId);
  if (!person) {
    throw unprocessable(
      'NOT_A_PARTICIPANT',
      `Person ${personId} is not a participant in case ${state.caseId}; consent can only be recorded for the people the referral names.`,
      {
        caseId: state.caseId,
        personId,
      },
    );
  }
  return { personId, role: person.role };
}

function halted(
  caseId: string,
  reason: HaltReason,
  explanation: string,
  now: string,
  personId?: string,
): ConsentEvent {
  return {
    type: 'CaseHalted',
    data: { caseId, reason, ...(personId ? { personId } : {}), explanation, haltedAt: now },
  };
}

function recordConsent(command: RecordConsent, state: ConsentState): ConsentEvent[] {
  const { caseId, personId, purpose, decision, method, sharing } = command.data;
  const { now } = command.metadata;
  const officer = officerOf(command.metadata);
  const open = openCaseFor(state, caseId, officer);
  if (open.status === 'halted') {
    throw conflict(
      'CASE_HALTED',
      `Case ${caseId} was halted (${open.halt.reason}) at ${open.halt.haltedAt}; no further consent is recorded for it.`,
      {
        caseId,
        reason: open.halt.reason,
      },
    );
  }
  const person = participant(open, personId);
  if (purpose === 'information-sharing' && !sharing) {
    throw unprocessable(
      'SHARING_SCOPE_MISSING',
      'Information-sharing consent must name the agency and the information it covers.',
      { caseId },
    );
  }
  const existing = open.consents[consentKey(personId, purpose, sharing?.agency)];
  if (existing?.status === 'given') {
    const sameScope =
      JSON.stringify(existing.sharing?.information ?? []) === JSON.stringify(sharing?.information ?? []);
    if (decision === 'declined') {
      throw conflict(
        'CONSENT_ALREADY_GIVEN',
        `Person ${personId} has given this consent; to take it back, withdraw it.`,
        { caseId, personId, purpose },
      );
    }
    // A new sharing scope for the same agency replaces the old one; the same consent twice is a mistake.
    if (purpose === 'participation' || sameScope) {
      throw conflict(
        'CONSENT_ALREADY_GIVEN',
        `Person ${personId} has already given this consent (${existing.recordedAt}).`,
        { caseId, personId, purpose },
      );
    }
  }
  if (existing?.status === 'declined' && decision === 'declined') {
    throw conflict(
      'CONSENT_ALREADY_DECLINED',
      `Person ${personId} has already declined this (${existing.recordedAt}).`,
      { caseId, personId, purpose },
    );
  }
  const fact = {
    caseId,
    personId,
    role: person.role,
    purpose,
    ...(sharing ? { sharing } : {}),
    method,
    recordedBy: officer.id,
    recordedAt: now,
  };
  if (decision === 'given') return [{ type: 'ConsentGiven', data: fact }];
  const events: ConsentEvent[] = [{ type: 'ConsentDeclined', data: fact }];
  if (purpose === 'participation') {
    // Victim-centred: the harmed person's "no" ends it. Without the responsible person or a minor's
    // guardian there is nothing to go on with either. A supporter may simply not come.
    if (person.role === 'harmed') {
      events.push(
        halted(
          caseId,
          'harmed-person-declined',
          'The harmed person declined to take part; the case stops here.',
          now,
          personId,
        ),
      );
    } else if (person.role === 'responsible' || person.role === 'guardian') {
      events.push(
        halted(
          caseId,
          'consent-declined',
          `The ${person.role} person declined to take part; the case cannot go on without their consent.`,
          now,
          personId,
        ),
      );
    }
  }
  return events;
}

function withdrawConsent(command: WithdrawConsent, state: ConsentState): ConsentEvent[] {
  const { caseId, personId, purpose, agency, method, reason } = command.data;
  const { now } = command.metadata;
  const officer = officerOf(command.metadata);
  const open = openCaseFor(state, caseId, officer);
  const person = participant(open, personId);
  const withdrawn = Object.values(open.consents).filter(
    (consent) =>
      consent.personId === personId &&
      consent.purpose === purpose &&
      consent.status === 'given' &&
      (purpose === 'participation' || agency === undefined || consent.sharing?.agency === agency),
  );
  if (withdrawn.length === 0) {
    throw conflict(
      'NOTHING_TO_WITHDRAW',
      `Person ${personId} has no ${purpose} consent${agency ? ` for ${agency}` : ''} in force in case ${caseId}; to refuse, record a decline.`,
      {
        caseId,
        personId,
        purpose,
      },
    );
  }
  const events: ConsentEvent[] = withdrawn.map((consent) => ({
    type: 'ConsentWithdrawn',
    data: {
      caseId,
      personId,
      role: person.role,
      purpose,
      ...(consent.sharing ? { sharing: consent.sharing } : {}),
      method,
      recordedBy: officer.id,
      recordedAt: now,
      ...(reason ? { reason } : {}),
    },
  }));
  // Withdrawal always works, with immediate effect, even on a halted case. Withdrawing participation
  // stops the case (once); withdrawing a sharing consent stops that sharing and nothing else: a
  // victim who no longer wants the police to see something must not lose the whole process for it.
  if (open.status !== 'halted' && purpose === 'participation') {
    events.push(
      halted(
        caseId,
        'consent-withdrawn',
        `The ${person.role} person withdrew their ${purpose} consent; the case stops where it stands.`,
        now,
        personId,
      ),
    );
  }
  return events;
}

function expire(command: ExpireConsents, state: ConsentState): ConsentEvent[] {
  if (state.status !== 'requested') return [];
  const { caseId } = command.data;
  const { now } = command.metadata;
  const missing = outstandingConsents(state).length + state.guardiansNeeded.length;
  return [
    halted(
      caseId,
      'consent-expired',
      `Consent was not complete by ${state.dueAt}: ${missing} consent(s) or guardian(s) still missing.`,
      now,
    ),
  ];
}

function remind(command: RemindConsents, state: ConsentState): ConsentEvent[] {
  if (state.status !== 'requested' || state.remindedAt) return [];
  const { caseId } = command.data;
  const { now } = command.metadata;
  return [
    {
      type: 'ConsentReminderDue',
      data: {
        caseId,
        dueAt: state.dueAt,
        outstanding: outstandingConsents(state),
        guardiansNeeded: state.guardiansNeeded,
        remindedAt: now,
      },
    },
  ];
}

function decideWithoutCompletion(command: ConsentCommand, state: ConsentState): ConsentEvent[] {
  switch (command.type) {
    case 'RequestConsents':
      return requestConsents(command, state);
    case 'RecordConsent':
      return recordConsent(command, state);
    case 'WithdrawConsent':
      return withdrawConsent(command, state);
    case 'ExpireConsents':
      return expire(command, state);
    case 'RemindConsents':
      return remind(command, state);
    default:
      return assertNever(command, 'consent command');
  }
}

/** Whatever the command, the moment the last required consent is in, conferencing may start. */
export function decide(command: ConsentCommand, state: ConsentState): ConsentEvent[] {
  const events = decideWithoutCompletion(command, state);
  const after = events.reduce(evolve, state);
  if (state.status === 'complete' || after.status !== 'requested' || !isComplete(after)) return events;
  const completedAt = command.metadata.now;
  return [
    ...events,
    {
      type: 'ConsentsComplete',
      data: { caseId: after.caseId, profile: after.profile, requirements: after.requirements, completedAt },
    },
  ];
}

// ---------------------------------------------------------------- evolve

function withRequirements(
  profile: CaseProfile,
  requirements: ScreeningRequirements,
): Pick<OpenCase, 'profile' | 'requirements' | 'required' | 'guardiansNeeded'> {
  const derived = consentRequirements(profile, requirements);
  return { profile, requirements, required: derived.required, guardiansNeeded: derived.guardiansNeeded };
}

function record(
  state: OpenState,
  status: ConsentStatus,
  fact: ConsentGivenV1 | ConsentDeclinedV1 | ConsentWithdrawnV1,
): OpenState {
  const { personId, role, purpose, method, recordedBy, recordedAt, sharing } = fact;
  const consent: ConsentRecord = {
    personId,
    role,
    purpose,
    status,
    method,
    recordedBy,
    recordedAt,
    ...(sharing ? { sharing } : {}),
  };
  return { ...state, consents: { ...state.consents, [keyOf(fact)]: consent } };
}

export function evolve(state: ConsentState, event: ConsentEvent): ConsentState {
  switch (event.type) {
    case 'ConsentCaseOpened': {
      const { caseId, profile, requirements, openedAt, dueAt, remindAt } = event.data;
      const base: OpenCase = {
        caseId,
        profile,
        requirements,
        openedAt,
        dueAt,
        ...(remindAt ? { remindAt } : {}),
        required: [],
        guardiansNeeded: [],
        consents: {},
      };
      return { status: 'requested', ...base, ...withRequirements(profile, requirements) };
    }
    case 'ConsentRequirementsUpdated':
      return state.status === 'not-requested'
        ? state
        : { ...state, ...withRequirements(event.data.profile, event.data.requirements) };
    case 'ConsentRequested':
    case 'GuardianNeeded':
      // Records for the inbox and the audit trail; who is required follows from the profile.
      return state;
    case 'ConsentGiven':
      return state.status === 'not-requested' ? state : record(state, 'given', event.data);
    case 'ConsentDeclined':
      return state.status === 'not-requested' ? state : record(state, 'declined', event.data);
    case 'ConsentWithdrawn':
      return state.status === 'not-requested' ? state : record(state, 'withdrawn', event.data);
    case 'ConsentsComplete':
      return state.status === 'not-requested'
        ? state
        : { ...state, status: 'complete', completedAt: event.data.completedAt };
    case 'CaseHalted':
      return state.status === 'not-requested' ? state : { ...state, status: 'halted', halt: event.data };
    case 'ConsentReminderDue':
      return state.status === 'not-requested' ? state : { ...state, remindedAt: event.data.remindedAt };
    default:
      return assertNever(event, 'consent event');
  }
}

export const consentDecider = { decide, evolve, initialState };
