import {
  AgreementReached,
  ConferenceCancelled,
  ConferenceScheduled,
  type DomainError,
  FacilitatorAssigned,
  NoAgreement,
  type CommandMetadata,
  type RegisteredIntegrationEvent,
} from '@accord/contracts';
import { assertContract, DeciderSpecification, isDomainError, metadataOf, SPEC_IDS } from '@accord/testing';
import { facilitatorCandidate, lowRiskCaseFile } from '../test/case-file.fixture';
import {
  conferenceDecider,
  decide,
  evolve,
  initialState,
  type ConferenceCommand,
  type ConferenceEvent,
} from './conference.decider';
import type { CaseFile } from './case-file';
import type { FacilitatorCandidate } from './facilitator-match';

const spec = DeciderSpecification.for(conferenceDecider);
const { caseId, harmed, responsible } = SPEC_IDS;
const now = '2026-12-01T10:00:00.000Z';
const later = '2026-12-10T10:00:00.000Z';

const file = lowRiskCaseFile([
  { personId: harmed, role: 'harmed', language: 'pl' },
  { personId: responsible, role: 'responsible', language: 'en' },
]);

const by = (id: string, role: string, agency = 'rj-service-north'): CommandMetadata =>
  metadataOf(id, { agency, roles: [role], now });
const caseWorker = by('cw-1', 'case-worker');
const assignedFacilitator = by('fac-a', 'facilitator');
const otherFacilitator = by('fac-b', 'facilitator');
const outsider = by('cw-9', 'case-worker', 'rj-service-south');
const conferencing = metadataOf('system:conferencing', { now });

const opened: ConferenceEvent = { type: 'ConferencingOpened', data: { caseId, file, openedAt: now } };
const assigned: ConferenceEvent = {
  type: 'FacilitatorAssigned',
  data: { caseId, facilitatorId: 'fac-a', how: 'automatic', reason: 'r', assignedAt: now },
};
/** The conference every schedule command below asks for, unless told otherwise. */
const conference = {
  caseId,
  mode: 'face-to-face' as const,
  at: later,
  where: 'Town hall',
  participants: [harmed, responsible],
};
const scheduled: ConferenceEvent = { type: 'ConferenceScheduled', data: { ...conference, scheduledAt: now } };

const start = (facilitators: FacilitatorCandidate[], caseFile: CaseFile = file): ConferenceCommand => ({
  type: 'StartConferencing',
  data: { caseId, file: caseFile, facilitators },
  metadata: conferencing,
});
const scheduleBy = (
  metadata: CommandMetadata,
  extra: Partial<Extract<ConferenceCommand, { type: 'ScheduleConference' }>['data']> = {},
): ConferenceCommand => ({
  type: 'ScheduleConference',
  data: { ...conference, ...extra },
  metadata,
});
const haltData = {
  caseId,
  reason: 'consent-withdrawn',
  explanation: 'The harmed person withdrew.',
  haltedAt: now,
} as const;
const halt: ConferenceCommand = { type: 'HaltCase', data: haltData, metadata: conferencing };
/** What conferencing records of `halt`: the halt as it was told. */
const haltRecorded: ConferenceEvent = { type: 'ConferencingHalted', data: haltData };

/** Published events must be exactly their contract: consumers refuse anything else. */
const PUBLISHED: Record<string, RegisteredIntegrationEvent> = {
  FacilitatorAssigned,
  ConferenceScheduled,
  ConferenceCancelled,
  AgreementReached,
  NoAgreement,
};
function expectContracts(events: ConferenceEvent[]): void {
  for (const event of events) {
    const contract = PUBLISHED[event.type];
    if (contract) assertContract(contract, event.data);
  }
}

describe('conference decider', () => {
  describe('on ConsentsComplete', () => {
    it('opens the case and assigns a facilitator automatically', () => {
      spec([])
        .when(start([facilitatorCandidate('fac-a')]))
        .then([
          opened,
          {
            type: 'FacilitatorAssigned',
            data: {
              caseId,
              facilitatorId: 'fac-a',
              how: 'automatic',
              reason: expect.stringContaining('automatic') as unknown as string,
              assignedAt: now,
            },
          },
        ]);
    });

    it('records FacilitatorUnavailable with every facilitator’s reasons when none may take it', () => {
      const events = decide(
        start([
          facilitatorCandidate('fac-a', { homeAgency: 'police-north' }),
          facilitatorCandidate('fac-b', { caseload: 5 }),
        ]),
        initialState,
      );
      expect(events[1]).toEqual({
        type: 'FacilitatorUnavailable',
        data: {
          caseId,
          reasons: [
            { facilitatorId: 'fac-a', reasons: ['conflict-of-interest'] },
            { facilitatorId: 'fac-b', reasons: ['at-capacity'] },
          ],
          explanation: expect.stringContaining('none of the 2'),
          at: now,
        },
      });
    });

    it('does nothing when the case is already open (a second ConsentsComplete)', () => {
      spec([opened, assigned])
        .when(start([facilitatorCandidate('fac-b')]))
        .thenNothingHappens();
    });

    it('refuses a ConsentsComplete arriving after the case was halted', () => {
      spec([
        {
          type: 'ConferencingHalted',
          data: { caseId, reason: 'consent-withdrawn', explanation: 'x', haltedAt: now },
        },
      ])
        .when(start([facilitatorCandidate('fac-a')]))
        .thenThrows(isDomainError('CASE_HALTED'));
    });
  });

  describe('manual (re)assignment', () => {
    const reassign = (
      candidate: FacilitatorCandidate | null,
      metadata: CommandMetadata = caseWorker,
    ): ConferenceCommand => ({
      type: 'AssignFacilitator',
      data: {
        caseId,
        facilitatorId: candidate?.id ?? 'fac-nobody',
        facilitator: candidate,
        reason: 'Facilitator on leave',
      },
      metadata,
    });

    it('reassigns, naming the previous facilitator and the reason', () => {
      spec([opened, assigned])
        .when(reassign(facilitatorCandidate('fac-b')))
        .then([
          {
            type: 'FacilitatorAssigned',
            data: {
              caseId,
              facilitatorId: 'fac-b',
              previousFacilitatorId: 'fac-a',
              how: 'reassigned',
              reason: 'Facilitator on leave',
              assignedAt: now,
            },
          },
        ]);
    });

    it('assigns a case that waited for a facilitator', () => {
      const events = decide(reassign(facilitatorCandidate('fac-b')), spec.stateAfter([opened]));
      expect(events).toEqual([
        expect.objectContaining({
          data: expect.not.objectContaining({ previousFacilitatorId: expect.anything() }),
        }),
      ]);
    });

    it('applies the same checks as automatic assignment', () => {
      spec([opened, assigned])
        .when(reassign(facilitatorCandidate('fac-b', { homeAgency: 'police-north', caseload: 9 })))
        .thenThrows(
          (e) =>
            isDomainError('FACILITATOR_NOT_SUITABLE')(e) &&
            JSON.stringify((e as DomainError).details).includes('conflict-of-interest'),
        );
      spec([opened, assigned]).when(reassign(null)).thenThrows(isDomainError('UNKNOWN_FACILITATOR'));
      spec([opened, assigned])
        .when(reassign(facilitatorCandidate('fac-a')))
        .thenThrows(isDomainError('ALREADY_ASSIGNED'));
      spec([opened, assigned])
        .when(reassign(facilitatorCandidate('fac-x', { service: 'rj-service-south' })))
        .thenThrows(isDomainError('UNKNOWN_FACILITATOR'));
    });

    it('hides the case from another agency (404)', () => {
      spec([opened, assigned])
        .when(reassign(facilitatorCandidate('fac-b'), outsider))
        .thenThrows(isDomainError('CASE_NOT_FOUND'));
      spec([])
        .when(reassign(facilitatorCandidate('fac-b')))
        .thenThrows(isDomainError('CASE_NOT_FOUND'));
    });
  });

  describe('scheduling', () => {
    it('schedules by the assigned facilitator', () => {
      spec([opened, assigned]).when(scheduleBy(assignedFacilitator)).then([scheduled]);
    });

    it('lets a case-worker schedule, but not another facilitator', () => {
      spec([opened, assigned]).when(scheduleBy(caseWorker)).then([scheduled]);
      spec([opened, assigned])
        .when(scheduleBy(otherFacilitator))
        .thenThrows(isDomainError('NOT_THE_ASSIGNED_FACILITATOR'));
    });

    it('needs a facilitator first', () => {
      spec([opened]).when(scheduleBy(caseWorker)).thenThrows(isDomainError('NO_FACILITATOR_ASSIGNED'));
    });

    it.each([
      ['medium risk', { ...file, riskLevel: 'medium' as const }],
      ['high risk', { ...file, riskLevel: 'high' as const }],
      ['screening requires it', { ...file, safetyPlanRequired: true }],
    ])('requires a safety plan when %s (422), and records it beside the schedule', (_, risky) => {
      const openedRisky: ConferenceEvent = {
        type: 'ConferencingOpened',
        data: { caseId, file: risky, openedAt: now },
      };
      spec([openedRisky, assigned])
        .when(scheduleBy(caseWorker))
        .thenThrows(isDomainError('SAFETY_PLAN_REQUIRED'));
      spec([openedRisky, assigned])
        .when(scheduleBy(caseWorker, { safetyPlan: '   ' }))
        .thenThrows(isDomainError('SAFETY_PLAN_REQUIRED'));
      spec([openedRisky, assigned])
        .when(scheduleBy(caseWorker, { safetyPlan: 'Separate waiting rooms; supporter present.' }))
        .then([
          scheduled,
          {
            type: 'SafetyPlanRecorded',
            data: {
              caseId,
              safetyPlan: 'Separate waiting rooms; supporter present.',
              recordedBy: 'cw-1',
              recordedAt: now,
            },
          },
        ]);
    });

    it('refuses strangers and times that have passed', () => {
      spec([opened, assigned])
        .when(scheduleBy(caseWorker, { participants: [harmed, '33333333-3333-4333-8333-333333333333'] }))
        .thenThrows(isDomainError('UNKNOWN_PARTICIPANT'));
      spec([opened, assigned])
        .when(scheduleBy(caseWorker, { at: now }))
        .thenThrows(isDomainError('CONFERENCE_IN_THE_PAST'));
    });
  });

  describe('outcome', () => {
    const action = {
      actionId: '44444444-4444-4444-8444-444444444444',
      kind: 'apology' as const,
      what: 'Write a letter',
      by: responsible,
      dueBy: later,
    };
    const outcome = (
      o: Extract<ConferenceCommand, { type: 'RecordOutcome' }>['data']['outcome'],
      metadata: CommandMetadata = assignedFacilitator,
    ): ConferenceCommand => ({ type: 'RecordOutcome', data: { caseId, outcome: o }, metadata });

    it('records an agreement with its actions and the harmed persons', () => {
      spec([opened, assigned, scheduled])
        .when(outcome({ result: 'agreement', actions: [action] }))
        .then([
          {
            type: 'AgreementReached',
            data: { caseId, actions: [action], harmedPersons: [harmed], heldAt: now },
          },
        ]);
    });

    it('records no agreement with its reason', () => {
      spec([opened, assigned, scheduled])
        .when(outcome({ result: 'no-agreement', reason: 'Responsible person left.' }))
        .then([{ type: 'NoAgreement', data: { caseId, reason: 'Responsible person left.', heldAt: now } }]);
      spec([opened, assigned, scheduled])
        .when(outcome({ result: 'no-agreement', reason: undefined }))
        .thenThrows(isDomainError('REASON_REQUIRED'));
    });

    it('refuses an agreement without actions, with strangers or with past due dates', () => {
      spec([opened, assigned, scheduled])
        .when(outcome({ result: 'agreement', actions: [] }))
        .thenThrows(isDomainError('ACTIONS_REQUIRED'));
      spec([opened, assigned, scheduled])
        .when(
          outcome({
            result: 'agreement',
            actions: [{ ...action, by: '55555555-5555-4555-8555-555555555555' }],
          }),
        )
        .thenThrows(isDomainError('UNKNOWN_PARTICIPANT'));
      spec([opened, assigned, scheduled])
        .when(outcome({ result: 'agreement', actions: [{ ...action, dueBy: now }] }))
        .thenThrows(isDomainError('DUE_DATE_IN_THE_PAST'));
    });

    it('needs a scheduled conference, and only once', () => {
      spec([opened, assigned])
        .when(outcome({ result: 'agreement', actions: [action] }))
        .thenThrows(isDomainError('NO_CONFERENCE_SCHEDULED'));
      const agreed: ConferenceEvent = {
        type: 'AgreementReached',
        data: { caseId, actions: [action], harmedPersons: [harmed], heldAt: now },
      };
      spec([opened, assigned, scheduled, agreed])
        .when(outcome({ result: 'agreement', actions: [action] }))
        .thenThrows(isDomainError('CONFERENCE_CONCLUDED'));
    });
  });

  describe('cancel and halt', () => {
    it('cancels a scheduled conference, after which it can be scheduled again', () => {
      const cancelled: ConferenceEvent = {
        type: 'ConferenceCancelled',
        data: { caseId, reason: 'Venue closed', cancelledAt: now },
      };
      spec([opened, assigned, scheduled])
        .when({ type: 'CancelConference', data: { caseId, reason: 'Venue closed' }, metadata: caseWorker })
        .then([cancelled]);
      spec([opened, assigned, scheduled, cancelled]).when(scheduleBy(caseWorker)).then([scheduled]);
      spec([opened, assigned])
        .when({ type: 'CancelConference', data: { caseId, reason: 'x' }, metadata: caseWorker })
        .thenThrows(isDomainError('NO_CONFERENCE_SCHEDULED'));
    });

    it('cancels a scheduled conference with the halt reason, then refuses everything (409)', () => {
      spec([opened, assigned, scheduled])
        .when(halt)
        .then([
          {
            type: 'ConferenceCancelled',
            data: {
              caseId,
              reason: 'Case halted (consent-withdrawn): The harmed person withdrew.',
              cancelledAt: now,
            },
          },
          haltRecorded,
        ]);
      const halted: ConferenceEvent = {
        type: 'ConferencingHalted',
        data: { caseId, reason: 'consent-withdrawn', explanation: 'x', haltedAt: now },
      };
      spec([opened, assigned, halted]).when(scheduleBy(caseWorker)).thenThrows(isDomainError('CASE_HALTED'));
      spec([opened, assigned, halted]).when(halt).thenNothingHappens();
    });

    it('records a halt for a case it has not heard of, so a late ConsentsComplete is refused', () => {
      spec([]).when(halt).then([haltRecorded]);
    });
  });

  it('publishes events that satisfy their contracts exactly', () => {
    const state = spec.stateAfter([opened, assigned]);
    expectContracts(decide(start([facilitatorCandidate('fac-a')]), initialState));
    expectContracts(decide(scheduleBy(caseWorker), state));
    const withConference = evolve(state, scheduled);
    expectContracts(
      decide(
        {
          type: 'RecordOutcome',
          data: {
            caseId,
            outcome: {
              result: 'agreement',
              actions: [
                {
                  actionId: '44444444-4444-4444-8444-444444444444',
                  kind: 'reparation',
                  what: 'Repair the fence',
                  by: responsible,
                  dueBy: later,
                },
              ],
            },
          },
          metadata: caseWorker,
        },
        withConference,
      ),
    );
    expectContracts(
      decide(
        {
          type: 'RecordOutcome',
          data: { caseId, outcome: { result: 'no-agreement', reason: 'No.' } },
          metadata: caseWorker,
        },
        withConference,
      ),
    );
    expectContracts(decide(halt, withConference));
    expectContracts(
      decide(
        {
          type: 'AssignFacilitator',
          data: {
            caseId,
            facilitatorId: 'fac-b',
            facilitator: facilitatorCandidate('fac-b'),
            reason: 'leave',
          },
          metadata: caseWorker,
        },
        state,
      ),
    );
  });
});
