import {
  assertNever,
  conflict,
  forbidden,
  notFound,
  unprocessable,
  type CaseParticipant,
  type CaseProfile,
  type Command,
  type CommandMetadata,
  type OffenceCategory,
  PARTICIPANT_CONTACT_METHODS,
  type ParticipantContact,
  type ParticipantContactsSharedV1,
  type ReferralAcceptedV1,
  type ReferralAmendedV1,
  type ReferralDeclinedV1,
  type ReferralEscalatedV1,
  type ReferralOverdueV1,
  type RiskLevel,
  type Events,
} from '@accord/contracts';

/**
 * The Referral aggregate (stream `intake.Referral-<caseId>`): submitted once per idempotency key,
 * decided once by the receiving RJ service, amended by the referrer after acceptance.
 */

export const CONTACT_METHODS = PARTICIPANT_CONTACT_METHODS;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export interface ContactPreferences {
  readonly methods: readonly ContactMethod[];
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
}

/** What the referrer tells us about a person; the personal fields are encrypted per person at rest. */
interface PersonDetails {
  readonly personId: string;
  readonly name: string;
  readonly dateOfBirth: string;
  readonly contactPreferences: ContactPreferences;
  readonly language: string;
  readonly accessibilityNeeds?: string;
}

export interface HarmedPersonInput extends PersonDetails {
  readonly willingToBeContacted: boolean;
}
export interface ResponsiblePersonInput extends PersonDetails {
  readonly acceptsResponsibility: boolean;
}
export interface SupporterInput extends PersonDetails {
  /** personId of the harmed or responsible person they support. */
  readonly supports: string;
}

/** Stored with each person so the case profile survives the erasure of the date of birth. */
interface Aged {
  readonly ageAtReferral: number;
}

export interface ReferralInput {
  readonly receivingService: string;
  readonly referrerReference: string;
  readonly incident: {
    readonly offenceCategory: OffenceCategory;
    readonly date: string;
    readonly summary: string;
  };
  readonly people: {
    readonly harmed: readonly HarmedPersonInput[];
    readonly responsible: readonly ResponsiblePersonInput[];
    readonly supporters: readonly SupporterInput[];
  };
  readonly riskLevel: RiskLevel;
  readonly riskFlags: readonly string[];
  readonly pendingCourtProceedings: boolean;
}

export interface ParticipantChange {
  readonly personId: string;
  readonly willingToBeContacted?: boolean;
  readonly acceptsResponsibility?: boolean;
  readonly language?: string;
}

/** What an amendment may change: the facts screening decides on, not who the people are. */
export interface ReferralChanges {
  readonly offenceCategory?: OffenceCategory;
  readonly incidentDate?: string;
  readonly riskLevel?: RiskLevel;
  readonly riskFlags?: readonly string[];
  readonly pendingCourtProceedings?: boolean;
  readonly participants?: readonly ParticipantChange[];
}

/**
 * When the receiving service must accept or decline (its response time in working days), and when
 * an undecided referral goes to its managers. Worked out by the handler from the agency directory
 * and the holiday calendar, and fixed at submission: a later change of setting moves no deadline.
 */
export interface ResponseDeadline {
  readonly respondBy: string;
  readonly escalateAt: string;
}

export type ReferralCommand =
  | Command<
      'SubmitReferral',
      {
        readonly caseId: string;
        /** Hash of (agency, request body): a replay with the same key must carry the same one. */
        readonly requestHash: string;
        readonly referral: ReferralInput;
        /** Receiving services the caller's agency may refer to; null when it is not a registered referrer. */
        readonly permittedReceivers: readonly string[] | null;
        readonly deadline?: ResponseDeadline;
      }
    >
  | Command<'AcceptReferral', { readonly caseId: string }>
  /** A timer: the response deadline passed. `notify`: the service's contact address(es) now. */
  | Command<'RemindReferralResponse', { readonly caseId: string; readonly notify: readonly string[] }>
  /** A timer: the escalation point passed. `notify`: the service's managers now. */
  | Command<'EscalateReferralResponse', { readonly caseId: string; readonly notify: readonly string[] }>
  | Command<'DeclineReferral', { readonly caseId: string; readonly reason: string }>
  | Command<
      'AmendReferral',
      { readonly caseId: string; readonly reason: string; readonly changes: ReferralChanges }
    >;

/** Internal event: the whole referral, names and contact details included (encrypted per person). */
export interface ReferralSubmittedData {
  readonly caseId: string;
  readonly requestHash: string;
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly referrerReference: string;
  readonly incident: ReferralInput['incident'] & {
    /**
     * The summary is free text about what happened to the harmed person, and may name anyone: it
     * is encrypted with the (first) harmed person's key, so their erasure takes it too.
     */
    readonly summaryHeldBy: string;
  };
  readonly people: {
    readonly harmed: readonly (HarmedPersonInput & Aged)[];
    readonly responsible: readonly (ResponsiblePersonInput & Aged)[];
    readonly supporters: readonly (SupporterInput & Aged)[];
  };
  readonly riskLevel: RiskLevel;
  readonly riskFlags: readonly string[];
  readonly pendingCourtProceedings: boolean;
  readonly submittedBy: string;
  readonly submittedAt: string;
  /** Absent on referrals submitted before deadlines existed: they have none. */
  readonly deadline?: ResponseDeadline;
}

export type ReferralEvent = Events<{
  ReferralSubmitted: ReferralSubmittedData;
  ReferralAccepted: ReferralAcceptedV1;
  ParticipantContactsShared: ParticipantContactsSharedV1;
  ReferralDeclined: ReferralDeclinedV1;
  ReferralAmended: ReferralAmendedV1;
  ReferralOverdue: ReferralOverdueV1;
  ReferralEscalated: ReferralEscalatedV1;
}>;

export type ReferralDecision = 'pending' | 'accepted' | 'declined';

export type ReferralState =
  | { readonly status: 'none' }
  | {
      readonly status: 'submitted';
      readonly caseId: string;
      readonly requestHash: string;
      readonly referringAgency: string;
      readonly receivingService: string;
      readonly decision: ReferralDecision;
      /** What later steps see: no names, no contact details, no free text. */
      readonly profile: CaseProfile;
      readonly deadline?: ResponseDeadline;
      /** When the service was reminded of the passed deadline, and when its managers were told. */
      readonly overdueAt?: string;
      readonly escalatedAt?: string;
    };

export const initialReferralState: ReferralState = { status: 'none' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole years between a date of birth and a day (both `YYYY-MM-DD`, or an instant for `on`). */
export function ageOn(dateOfBirth: string, on: string): number {
  const born = ISO_DATE.exec(dateOfBirth);
  const day = ISO_DATE.exec(on.slice(0, 10));
  if (!born || !day) return Number.NaN;
  const [, by, bm, bd] = born.map(Number) as [number, number, number, number];
  const [, y, m, d] = day.map(Number) as [number, number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

function participantsOf(people: ReferralSubmittedData['people']): CaseParticipant[] {
  return [
    ...people.harmed.map((person) => ({
      personId: person.personId,
      role: 'harmed' as const,
      ageAtReferral: person.ageAtReferral,
      willingToBeContacted: person.willingToBeContacted,
      language: person.language,
    })),
    ...people.responsible.map((person) => ({
      personId: person.personId,
      role: 'responsible' as const,
      ageAtReferral: person.ageAtReferral,
      acceptsResponsibility: person.acceptsResponsibility,
      language: person.language,
    })),
    ...people.supporters.map((person) => ({
      personId: person.personId,
      role: 'supporter' as const,
      ageAtReferral: person.ageAtReferral,
      supports: person.supports,
      language: person.language,
    })),
  ];
}

/** Each person's contact preferences, in their order, without names. */
function contactsOf(people: ReferralSubmittedData['people']): ParticipantContact[] {
  return [...people.harmed, ...people.responsible, ...people.supporters].map(
    ({ personId, contactPreferences: { methods, email, phone, address } }) => ({
      personId,
      methods: [...methods],
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      ...(address ? { address } : {}),
    }),
  );
}

export function profileOf(submitted: ReferralSubmittedData): CaseProfile {
  return {
    referringAgency: submitted.referringAgency,
    receivingService: submitted.receivingService,
    offenceCategory: submitted.incident.offenceCategory,
    incidentDate: submitted.incident.date,
    riskLevel: submitted.riskLevel,
    riskFlags: [...submitted.riskFlags],
    pendingCourtProceedings: submitted.pendingCourtProceedings,
    participants: participantsOf(submitted.people),
  };
}

function withAge<P extends PersonDetails>(person: P, now: string, field: string): P & Aged {
  const age = ageOn(person.dateOfBirth, now);
  if (!Number.isInteger(age) || age < 0 || age > 130) {
    throw unprocessable(
      'IMPLAUSIBLE_DATE_OF_BIRTH',
      `${field}.dateOfBirth gives an age of ${age} at the referral date`,
      {
        field: `${field}.dateOfBirth`,
      },
    );
  }
  return { ...person, ageAtReferral: age };
}

type Submitted = Extract<ReferralState, { status: 'submitted' }>;

/**
 * A case exists for an agency only if it referred or receives it: anyone else gets the same
 * "not found" as for a case that does not exist, so no one learns that it does.
 */
function visibleCase(state: ReferralState, caseId: string, agency: string | undefined): Submitted {
  if (state.status === 'none' || (state.referringAgency !== agency && state.receivingService !== agency)) {
    throw notFound(
      'REFERRAL_NOT_FOUND',
      `There is no referral ${caseId} that your agency referred or receives.`,
      { caseId },
    );
  }
  return state;
}

function decideAsReceiver(state: ReferralState, caseId: string, metadata: CommandMetadata): Submitted {
  const referral = visibleCase(state, caseId, metadata.agency);
  if (referral.receivingService !== metadata.agency) {
    throw forbidden(
      'NOT_THE_RECEIVING_SERVICE',
      `Only ${referral.receivingService}, the receiving service, may accept or decline this referral.`,
      {
        caseId,
      },
    );
  }
  if (referral.decision !== 'pending') {
    throw conflict(
      'REFERRAL_ALREADY_DECIDED',
      `This referral was already ${referral.decision}; a decision is made once.`,
      {
        caseId,
        decision: referral.decision,
      },
    );
  }
  return referral;
}

function amendedProfile(profile: CaseProfile, changes: ReferralChanges): CaseProfile {
  const participants = profile.participants.map((participant) => ({ ...participant }));
  for (const [index, change] of (changes.participants ?? []).entries()) {
    const field = `changes.participants[${index}]`;
    const participant = participants.find((candidate) => candidate.personId === change.personId);
    if (!participant) {
      throw unprocessable(
        'UNKNOWN_PERSON',
        `${field}.personId ${change.personId} is not a person in this case.`,
        { field },
      );
    }
    if (change.willingToBeContacted !== undefined) {
      if (participant.role !== 'harmed') {
        throw unprocessable(
          'FIELD_NOT_FOR_ROLE',
          `${field}.willingToBeContacted applies to harmed persons only.`,
          { field },
        );
      }
      participant.willingToBeContacted = change.willingToBeContacted;
    }
    if (change.acceptsResponsibility !== undefined) {
      if (participant.role !== 'responsible') {
        throw unprocessable(
          'FIELD_NOT_FOR_ROLE',
          `${field}.acceptsResponsibility applies to responsible persons only.`,
          { field },
        );
      }
      participant.acceptsResponsibility = change.acceptsResponsibility;
    }
    if (change.language !== undefined) participant.language = change.language;
  }
  return {
    ...profile,
    offenceCategory: changes.offenceCategory ?? profile.offenceCategory,
    incidentDate: changes.incidentDate ?? profile.incidentDate,
    riskLevel: changes.riskLevel ?? profile.riskLevel,
    riskFlags: changes.riskFlags ? [...changes.riskFlags] : profile.riskFlags,
    pendingCourtProceedings: changes.pendingCourtProceedings ?? profile.pendingCourtProceedings,
    participants,
  };
}

/**
 * A referral still waiting for the receiving service's decision, with a deadline; a timer that
 * fires after the decision (or for a referral that never had a deadline) decides nothing.
 */
function awaitingResponse(state: ReferralState): (Submitted & { deadline: ResponseDeadline }) | null {
  return state.status === 'submitted' && state.decision === 'pending' && state.deadline
    ? { ...state, deadline: state.deadline }
    : null;
}

const deadlineFact = (referral: Submitted & { deadline: ResponseDeadline }, notify: readonly string[]) => ({
  caseId: referral.caseId,
  receivingService: referral.receivingService,
  respondBy: referral.deadline.respondBy,
  notify: [...notify],
});

const sameProfile = (a: CaseProfile, b: CaseProfile): boolean => JSON.stringify(a) === JSON.stringify(b);

export function decide(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  switch (command.type) {
    case 'SubmitReferral': {
      const { caseId, requestHash, referral, permittedReceivers, deadline } = command.data;
      const { agency = '', actor, now } = command.metadata;
      if (state.status === 'submitted') {
        // A retry with the same Idempotency-Key: the same body is answered as before, another is refused.
        if (state.requestHash === requestHash) return [];
        throw conflict(
          'IDEMPOTENCY_KEY_REUSED',
          `This Idempotency-Key was already used for another referral (case ${caseId}); send a new key for a new referral.`,
          { caseId },
        );
      }
      if (permittedReceivers === null) {
        throw unprocessable(
          'NOT_A_REFERRING_AGENCY',
          `Agency ${agency} is not registered as a referring agency; an administrator can register it (PUT /api/admin/agencies/${agency}).`,
          { agency },
        );
      }
      if (!permittedReceivers.includes(referral.receivingService)) {
        throw unprocessable(
          'RECEIVER_NOT_PERMITTED',
          `Agency ${agency} may not refer to ${referral.receivingService}; it may refer to: ${permittedReceivers.join(', ') || '(none yet)'}.`,
          {
            field: 'receivingService',
            receivingService: referral.receivingService,
            permitted: [...permittedReceivers],
          },
        );
      }
      const people = {
        harmed: referral.people.harmed.map((person, i) => withAge(person, now, `people.harmed[${i}]`)),
        responsible: referral.people.responsible.map((person, i) =>
          withAge(person, now, `people.responsible[${i}]`),
        ),
        supporters: referral.people.supporters.map((person, i) =>
          withAge(person, now, `people.supporters[${i}]`),
        ),
      };
      return [
        {
          type: 'ReferralSubmitted',
          data: {
            caseId,
            requestHash,
            referringAgency: agency,
            receivingService: referral.receivingService,
            referrerReference: referral.referrerReference,
            incident: { ...referral.incident, summaryHeldBy: people.harmed[0]?.personId ?? caseId },
            people,
            riskLevel: referral.riskLevel,
            riskFlags: [...referral.riskFlags],
            pendingCourtProceedings: referral.pendingCourtProceedings,
            submittedBy: actor.id,
            submittedAt: now,
            ...(deadline ? { deadline } : {}),
          },
        },
        // Apart from the profile, for notifications only: how each person may be contacted, no names.
        {
          type: 'ParticipantContactsShared',
          data: { caseId, participants: contactsOf(people), sharedAt: now },
        },
      ];
    }
    case 'AcceptReferral': {
      const referral = decideAsReceiver(state, command.data.caseId, command.metadata);
      return [
        {
          type: 'ReferralAccepted',
          data: {
            caseId: referral.caseId,
            profile: referral.profile,
            acceptedBy: command.metadata.actor.id,
            acceptedAt: command.metadata.now,
          },
        },
      ];
    }
    case 'DeclineReferral': {
      const referral = decideAsReceiver(state, command.data.caseId, command.metadata);
      return [
        {
          type: 'ReferralDeclined',
          data: {
            caseId: referral.caseId,
            referringAgency: referral.referringAgency,
            reason: command.data.reason,
            declinedBy: command.metadata.actor.id,
            declinedAt: command.metadata.now,
          },
        },
      ];
    }
    case 'AmendReferral': {
      const { caseId, reason, changes } = command.data;
      const referral = visibleCase(state, caseId, command.metadata.agency);
      if (referral.referringAgency !== command.metadata.agency) {
        throw forbidden(
          'NOT_THE_REFERRING_AGENCY',
          `Only ${referral.referringAgency}, the referring agency, may amend this referral.`,
          {
            caseId,
          },
        );
      }
      if (referral.decision !== 'accepted') {
        throw conflict(
          'REFERRAL_NOT_ACCEPTED',
          referral.decision === 'declined'
            ? 'This referral was declined; submit a new referral instead of amending it.'
            : 'This referral has not been accepted yet; amendments start re-screening, so they come after acceptance.',
          { caseId, decision: referral.decision },
        );
      }
      const profile = amendedProfile(referral.profile, changes);
      if (sameProfile(profile, referral.profile)) {
        throw unprocessable(
          'NOTHING_CHANGED',
          'The amendment changes nothing in the referral; send only fields whose value changes.',
          { caseId },
        );
      }
      return [
        {
          type: 'ReferralAmended',
          data: {
            caseId,
            profile,
            reason,
            amendedBy: command.metadata.actor.id,
            amendedAt: command.metadata.now,
          },
        },
      ];
    }
    case 'RemindReferralResponse': {
      const referral = awaitingResponse(state);
      if (!referral || referral.overdueAt) return [];
      return [
        {
          type: 'ReferralOverdue',
          data: { ...deadlineFact(referral, command.data.notify), overdueAt: command.metadata.now },
        },
      ];
    }
    case 'EscalateReferralResponse': {
      const referral = awaitingResponse(state);
      if (!referral || referral.escalatedAt) return [];
      return [
        {
          type: 'ReferralEscalated',
          data: { ...deadlineFact(referral, command.data.notify), escalatedAt: command.metadata.now },
        },
      ];
    }
    default:
      return assertNever(command, 'referral command');
  }
}

export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  switch (event.type) {
    case 'ReferralSubmitted':
      return {
        status: 'submitted',
        caseId: event.data.caseId,
        requestHash: event.data.requestHash,
        referringAgency: event.data.referringAgency,
        receivingService: event.data.receivingService,
        decision: 'pending',
        profile: profileOf(event.data),
        ...(event.data.deadline ? { deadline: event.data.deadline } : {}),
      };
    case 'ReferralAccepted':
      return state.status === 'submitted'
        ? { ...state, decision: 'accepted', profile: event.data.profile }
        : state;
    case 'ParticipantContactsShared':
      return state;
    case 'ReferralDeclined':
      return state.status === 'submitted' ? { ...state, decision: 'declined' } : state;
    case 'ReferralAmended':
      return state.status === 'submitted' ? { ...state, profile: event.data.profile } : state;
    case 'ReferralOverdue':
      return state.status === 'submitted' ? { ...state, overdueAt: event.data.overdueAt } : state;
    case 'ReferralEscalated':
      return state.status === 'submitted' ? { ...state, escalatedAt: event.data.escalatedAt } : state;
    default:
      return assertNever(event, 'referral event');
  }
}

export const referralDecider = { decide, evolve, initialState: initialReferralState };
