import { randomUUID } from 'node:crypto';
import type { CaseProfile, ScreeningRequirements } from '@accord/contracts';
import { conferenceDecider, type CaseFile } from '@accord/conferencing-domain';
import { facilitatorCandidate } from '@accord/conferencing-domain/testing';
import { consentDecider } from '@accord/consent-domain';
import { InMemoryEventStore, type Decider, type DomainEvent } from '@accord/event-store';
import { followUpDecider } from '@accord/follow-up-domain';
import { referralDecider } from '@accord/intake-domain';
import { harmedInput, referralInput, responsibleInput } from '@accord/intake-domain/testing';
import { CURRENT_RULE_SET_VERSION, screeningDecider } from '@accord/screening-domain';
import { CommandRunner, type AnyCommand, type CommandOf, type StateOf } from '@accord/platform';
import { metadataOf } from '@accord/testing';
import { CaseReader } from '../case/case-reader';
import { caseStreams, type CaseService } from '../case/case-streams';
import { caseStateOf, type CaseState } from './case-state';

const HOUR = 3_600_000;
/** After every step of the case. */
const LATER = Date.parse('2030-01-01T00:00:00.000Z');
const receiver = 'rj-north';

/** Who runs a step: someone of the receiving service, unless `agency` says otherwise. */
interface Actor {
  readonly id: string;
  readonly agency?: string;
  readonly roles?: string[];
}
const referrer: Actor = { id: 'pc-1024', agency: 'police-north' };
const screener: Actor = { id: 'screener-7' };
const consentOfficer: Actor = { id: 'officer-2' };
const facilitator: Actor = { id: 'fac-1', roles: ['facilitator'] };
const caseWorker: Actor = { id: 'cw-1', roles: ['case-worker'] };
const system = (service: CaseService): Actor => ({ id: `system:${service}` });

/** A command as a step gives it: its metadata is the step's actor at the step's moment. */
type Unsigned<C> = C extends unknown ? Omit<C, 'metadata'> : never;

/** What the service's own handler held after a step: the state audit must rebuild for that moment. */
interface Step {
  readonly service: CaseService;
  readonly at: number;
  readonly version: number;
  readonly state: unknown;
}

/**
 * A case carried through every service by the real deciders (through the `CommandRunner` the
 * services' handlers use), over an in-memory store whose clock moves an hour per step.
 */
async function liveCase() {
  let clock = Date.parse('2026-03-10T09:00:00.000Z');
  const store = new InMemoryEventStore({ now: () => new Date(clock) });
  const caseId = randomUUID();
  const harmedId = randomUUID();
  const responsibleId = randomUUID();
  const streamOf = Object.fromEntries(caseStreams(caseId).map((s) => [s.service, s.streamId])) as Record<
    CaseService,
    string
  >;
  const steps: Step[] = [];
  const now = () => new Date(clock).toISOString();

  async function run<D extends Decider<AnyCommand, DomainEvent, unknown>>(
    service: CaseService,
    decider: D,
    actor: Actor,
    command: Unsigned<CommandOf<D>>,
  ): Promise<StateOf<D>> {
    clock += HOUR;
    const runner = new CommandRunner({ decider, stream: () => streamOf[service] }, store, [], console);
    const metadata = metadataOf(actor.id, {
      agency: actor.agency ?? receiver,
      roles: actor.roles,
      now: now(),
    });
    const result = await runner.run({ ...command, metadata } as CommandOf<D>);
    if (result.newEvents.length === 0) throw new Error(`${service} decided nothing`);
    steps.push({ service, at: clock, version: result.version as number, state: result.state });
    return result.state;
  }

  await run('intake', referralDecider, referrer, {
    type: 'SubmitReferral',
    data: {
      caseId,
      requestHash: 'hash-1',
      permittedReceivers: [receiver],
      referral: referralInput(
        { harmed: [harmedInput(harmedId)], responsible: [responsibleInput(responsibleId)], supporters: [] },
        { receivingService: receiver },
      ),
    },
  });
  const accepted = await run('intake', referralDecider, screener, {
    type: 'AcceptReferral',
    data: { caseId },
  });
  if (accepted.status !== 'submitted') throw new Error('expected a submitted referral');
  const profile: CaseProfile = accepted.profile;

  const screened = await run('screening', screeningDecider, system('screening'), {
    type: 'ScreenCase',
    data: {
      caseId,
      profile,
      trigger: 'referral-accepted',
      ruleSetVersion: CURRENT_RULE_SET_VERSION,
    },
  });
  if (screened.status !== 'decided' || screened.current.outcome !== 'eligible')
    throw new Error(`expected an eligible case, got ${JSON.stringify(screened)}`);
  const requirements: ScreeningRequirements = screened.current.requirements;

  await run('consent', consentDecider, system('consent'), {
    type: 'RequestConsents',
    data: { caseId, profile, requirements, policy: { expiryDays: 14, reminderDaysBefore: 3 } },
  });
  for (const personId of [harmedId, responsibleId]) {
    await run('consent', consentDecider, consentOfficer, {
      type: 'RecordConsent',
      data: {
        caseId,
        personId,
        purpose: 'participation',
        decision: 'given',
        method: 'in-person',
      },
    });
  }
  const consentsCompletedAt = now();

  const file: CaseFile = {
    referringAgency: profile.referringAgency,
    receivingService: profile.receivingService,
    offenceCategory: profile.offenceCategory,
    riskLevel: profile.riskLevel,
    participants: profile.participants.map(({ personId, role, language }) => ({ personId, role, language })),
    specialistFacilitator: requirements.specialistFacilitator,
    safetyPlanRequired: requirements.safetyPlanRequired,
  };
  await run('conferencing', conferenceDecider, system('conferencing'), {
    type: 'StartConferencing',
    data: {
      caseId,
      file,
      facilitators: [facilitatorCandidate(facilitator.id, { service: receiver, homeAgency: receiver })],
    },
  });
  await run('follow-up', followUpDecider, system('follow-up'), {
    type: 'RegisterCase',
    data: {
      caseId,
      referringAgency: profile.referringAgency,
      receivingService: receiver,
      offenceCategory: profile.offenceCategory,
      consentsCompletedAt,
    },
  });
  await run('conferencing', conferenceDecider, facilitator, {
    type: 'ScheduleConference',
    data: {
      caseId,
      mode: 'face-to-face',
      at: '2026-04-01T10:00:00.000Z',
      where: 'Town hall, room 2',
      participants: [harmedId, responsibleId],
    },
  });
  const actions = [
    {
      actionId: randomUUID(),
      kind: 'apology' as const,
      what: 'Write a letter',
      by: responsibleId,
      dueBy: '2026-05-01T00:00:00.000Z',
    },
  ];
  await run('conferencing', conferenceDecider, facilitator, {
    type: 'RecordOutcome',
    data: { caseId, outcome: { result: 'agreement', actions } },
  });
  const heldAt = now();
  const checkInId = randomUUID();
  await run('follow-up', followUpDecider, system('follow-up'), {
    type: 'StartFollowUp',
    data: {
      caseId,
      actions,
      harmedPersons: [harmedId],
      heldAt,
      checkIns: [
        { checkInId, dueAt: '2026-05-15T00:00:00.000Z' },
        { checkInId: randomUUID(), dueAt: '2026-08-15T00:00:00.000Z' },
      ],
    },
  });
  await run('follow-up', followUpDecider, caseWorker, {
    type: 'RecordCheckIn',
    data: {
      caseId,
      checkInId,
      extraCheckInId: randomUUID(),
      personId: harmedId,
      satisfaction: 4,
      feelingOfSafety: 5,
      wellbeingChange: 'better',
      notes: 'I feel safer walking past the shop now.',
    },
  });

  const reader = new CaseReader(store, store.audit);
  const stateAt = async (at: number): Promise<CaseState> =>
    caseStateOf(await reader.streams(caseId, new Date(at)));
  return { store, caseId, steps, stateAt, streamOf };
}

/** Per service, the state and version its handler last held at or before `at`; null before its first step. */
function expectedAt(steps: readonly Step[], at: number) {
  const expected: Record<string, { version: number; state: unknown } | null> = {};
  for (const service of ['intake', 'screening', 'consent', 'conferencing', 'follow-up'] as const) {
    const last = steps.filter((step) => step.service === service && step.at <= at).pop();
    expected[service] = last ? { version: last.version, state: last.state } : null;
  }
  return expected;
}

describe('case state, each stream replayed through the decider of its service', () => {
  it('is, at every moment, the state each service held then: null before it heard of the case', async () => {
    const { steps, stateAt, streamOf } = await liveCase();
    const first = steps[0];
    if (!first) throw new Error('no steps');
    const moments = [first.at - 1, ...steps.flatMap((step) => [step.at - 1, step.at]), LATER];
    for (const at of moments) {
      const state = await stateAt(at);
      const expected = expectedAt(steps, at);
      for (const [service, view] of Object.entries(state)) {
        const wanted = expected[service];
        if (!wanted) {
          expect({ at, service, view }).toEqual({ at, service, view: null });
          continue;
        }
        expect({ at, service, view }).toStrictEqual({
          at,
          service,
          view: {
            stream: {
              streamId: streamOf[service as CaseService],
              version: wanted.version,
              lastRecordedAt: expect.any(String),
            },
            state: wanted.state,
          },
        });
        expect(Date.parse(view?.stream.lastRecordedAt ?? '')).toBeLessThanOrEqual(at);
      }
    }
  });

  it('cuts each stream at the moment asked, whatever came later', async () => {
    const { steps, stateAt } = await liveCase();
    const accepted = steps[1];
    if (!accepted) throw new Error('no steps');
    const beforeAcceptance = await stateAt(accepted.at - 1);
    expect(beforeAcceptance.intake?.state).toMatchObject({ status: 'submitted', decision: 'pending' });
    // ReferralSubmitted and, beside it, ParticipantContactsShared.
    expect(beforeAcceptance.intake?.stream.version).toBe(1);
    expect(beforeAcceptance.screening).toBeNull();
    const now = await stateAt(LATER);
    expect(now.intake?.state).toMatchObject({ status: 'submitted', decision: 'accepted' });
    expect(now.conferencing?.state).toMatchObject({ status: 'concluded', result: 'agreement' });
    expect(now['follow-up']?.state).toMatchObject({ progress: { phase: 'tracking' } });
  });

  it('answers plain JSON: what is serialised is exactly the state, with no names or notes in it', async () => {
    const { steps, stateAt } = await liveCase();
    for (const step of steps) {
      const state = await stateAt(step.at);
      expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
    }
    const json = JSON.stringify(await stateAt(LATER));
    for (const personal of ['Ada Lovelace', 'Ben Jonson', '7946', 'Shop window', 'safer walking'])
      expect(json).not.toContain(personal);
  });

  it('names the event a decider cannot replay instead of guessing, and still shows the other services', async () => {
    const { store, caseId, streamOf, stateAt } = await liveCase();
    await store.appendToStream(
      streamOf.intake,
      [
        {
          eventId: randomUUID(),
          type: 'ReferralTeleported',
          schemaVersion: 1,
          data: { caseId },
          metadata: {
            correlationId: caseId,
            causationId: randomUUID(),
            actor: 'test',
            occurredAt: new Date(LATER).toISOString(),
          },
        },
      ],
      { expectedVersion: 2 },
    );
    const state = await stateAt(LATER);
    expect(state.intake).toMatchObject({
      stream: { streamId: streamOf.intake, version: 3 },
      state: null,
      unreplayable: expect.stringContaining(
        `the intake decider cannot replay ${streamOf.intake} version 3 (ReferralTeleported)`,
      ),
    });
    // The other services' states are still there.
    expect(state.screening?.state).not.toBeNull();
    expect(state.consent?.state).not.toBeNull();
  });
});
