import {
  ActionOverdue,
  ActionResolved,
  CaseClosed,
  CheckInRecorded,
  type CommandMetadata,
  type RegisteredIntegrationEvent,
} from '@accord/contracts';
import { assertContract, DeciderSpecification, isDomainError, metadataOf, SPEC_IDS } from '@accord/testing';
import { decide, followUpDecider, type FollowUpCommand, type FollowUpEvent } from './follow-up.decider';
import { timersFor } from './timer-plan';

const spec = DeciderSpecification.for(followUpDecider);
const { caseId, harmed, responsible } = SPEC_IDS;
const a1 = 'a1111111-1111-4111-8111-111111111111';
const a2 = 'a2222222-2222-4222-8222-222222222222';
const c1 = 'c1111111-1111-4111-8111-111111111111';
const c2 = 'c2222222-2222-4222-8222-222222222222';
const now = '2026-12-01T10:00:00.000Z';
const caseWorker = metadataOf('cw-1', { agency: 'rj-service-north', roles: ['case-worker'], now });
const outsider = metadataOf('cw-9', { agency: 'rj-service-south', roles: ['case-worker'], now });
const system = metadataOf('system:follow-up', { now });

const registered: FollowUpEvent = {
  type: 'CaseRegistered',
  data: {
    caseId,
    referringAgency: 'police-north',
    receivingService: 'rj-service-north',
    offenceCategory: 'property',
    consentsCompletedAt: '2026-11-01T10:00:00.000Z',
  },
};
const started: FollowUpEvent = {
  type: 'FollowUpStarted',
  data: {
    caseId,
    actions: [
      { actionId: a1, kind: 'apology', what: 'Letter', by: responsible, dueBy: '2026-12-10T10:00:00.000Z' },
      { actionId: a2, kind: 'reparation', what: 'Fence', by: responsible, dueBy: '2026-12-20T10:00:00.000Z' },
    ],
    harmedPersons: [harmed],
    heldAt: '2026-11-30T10:00:00.000Z',
    checkIns: [
      { checkInId: c1, dueAt: '2026-12-14T10:00:00.000Z' },
      { checkInId: c2, dueAt: '2027-02-28T10:00:00.000Z' },
    ],
    startedAt: now,
  },
};
const held: FollowUpEvent = {
  type: 'MilestoneNoted',
  data: { caseId, milestone: 'conference-held', at: '2026-11-30T10:00:00.000Z' },
};

const resolve = (
  actionId: string,
  result: 'done' | 'missed',
  actor: CommandMetadata = caseWorker,
): FollowUpCommand => ({ type: 'ResolveAction', data: { caseId, actionId, result }, metadata: actor });
const checkIn = (
  checkInId?: string,
  extra: Partial<Extract<FollowUpCommand, { type: 'RecordCheckIn' }>['data']> = {},
): FollowUpCommand => ({
  type: 'RecordCheckIn',
  data: {
    caseId,
    checkInId,
    extraCheckInId: 'e0000000-0000-4000-8000-000000000000',
    personId: undefined,
    satisfaction: 4,
    feelingOfSafety: 5,
    wellbeingChange: 'better',
    notes: undefined,
    ...extra,
  },
  metadata: caseWorker,
});
const resolvedEvent = (actionId: string, result: 'done' | 'missed'): FollowUpEvent => ({
  type: 'ActionResolved',
  data: { caseId, actionId, result, recordedBy: 'cw-1', resolvedAt: now },
});
const recordedEvent = (checkInId: string): FollowUpEvent => ({
  type: 'CheckInRecorded',
  data: {
    caseId,
    checkInId,
    satisfaction: 4,
    feelingOfSafety: 5,
    wellbeingChange: 'better',
    recordedAt: now,
  },
});
const fire = (
  kind: Extract<FollowUpCommand, { type: 'FireTimer' }>['data']['kind'],
  subjectId: string,
): FollowUpCommand => ({ type: 'FireTimer', data: { caseId, kind, subjectId }, metadata: system });

describe('follow-up decider', () => {
  it('starts tracking on AgreementReached, noting when the conference was held, once', () => {
    spec([registered])
      .when({
        type: 'StartFollowUp',
        data: {
          caseId,
          actions: started.type === 'FollowUpStarted' ? started.data.actions : [],
          harmedPersons: [harmed],
          heldAt: '2026-11-30T10:00:00.000Z',
          checkIns: started.type === 'FollowUpStarted' ? started.data.checkIns : [],
        },
        metadata: system,
      })
      .then([held, started]);
    spec([registered, held, started])
      .when({
        type: 'StartFollowUp',
        data: { caseId, actions: [], harmedPersons: [], heldAt: now, checkIns: [] },
        metadata: system,
      })
      .thenNothingHappens();
  });

  it('refuses to start tracking a case that was already closed (halted)', () => {
    spec([
      {
        type: 'CaseClosed',
        data: { caseId, outcome: 'halted', closedBy: 'system:follow-up', reason: 'Withdrawn', closedAt: now },
      },
    ])
      .when({
        type: 'StartFollowUp',
        data: { caseId, actions: [], harmedPersons: [], heldAt: now, checkIns: [] },
        metadata: system,
      })
      .thenThrows(isDomainError('CASE_CLOSED'));
  });

  describe('timers', () => {
    it('reminds, then marks overdue, an unresolved action — once each', () => {
      spec([registered, started])
        .when(fire('action-reminder', a1))
        .then([
          {
            type: 'ActionReminderDue',
            data: { caseId, actionId: a1, dueBy: '2026-12-10T10:00:00.000Z', remindedAt: now },
          },
        ]);
      spec([registered, started])
        .when(fire('action-due', a1))
        .then([{ type: 'ActionOverdue', data: { caseId, actionId: a1, dueBy: '2026-12-10T10:00:00.000Z' } }]);
      spec([registered, started, { type: 'ActionOverdue', data: { caseId, actionId: a1, dueBy: '' } }])
        .when(fire('action-due', a1))
        .thenNothingHappens();
    });

    it('does nothing for a resolved action, a recorded check-in, or a closed case', () => {
      spec([registered, started, resolvedEvent(a1, 'done')])
        .when(fire('action-due', a1))
        .thenNothingHappens();
      spec([registered, started, recordedEvent(c1)])
        .when(fire('check-in-grace-over', c1))
        .thenNothingHappens();
      spec([
        registered,
        started,
        { type: 'CaseClosed', data: { caseId, outcome: 'halted', closedBy: 's', closedAt: now } },
      ])
        .when(fire('action-due', a1))
        .thenNothingHappens();
    });

    it('announces a due check-in, and a missed one after the grace period', () => {
      spec([registered, started])
        .when(fire('check-in-due', c1))
        .then([{ type: 'CheckInDue', data: { caseId, checkInId: c1, dueAt: '2026-12-14T10:00:00.000Z' } }]);
      spec([registered, started])
        .when(fire('check-in-grace-over', c1))
        .then([
          {
            type: 'CheckInMissed',
            data: { caseId, checkInId: c1, dueAt: '2026-12-14T10:00:00.000Z', remindedAt: now },
          },
        ]);
    });

    it('plans only the timers still needed', () => {
      const state = spec.stateAfter([
        registered,
        started,
        resolvedEvent(a1, 'done'),
        recordedEvent(c1),
        {
          type: 'ActionReminderDue',
          data: { caseId, actionId: a2, dueBy: '', remindedAt: now },
        } as FollowUpEvent,
      ]);
      if (state.progress.phase !== 'tracking') throw new Error('expected tracking');
      expect(
        timersFor(state.progress.tracking, {
          reminderBeforeMs: 3 * 86_400_000,
          checkInGraceMs: 7 * 86_400_000,
        }),
      ).toEqual([
        {
          timerId: `action-due:${a2}`,
          kind: 'action-due',
          subjectId: a2,
          dueAt: new Date('2026-12-20T10:00:00.000Z'),
        },
        {
          timerId: `check-in-due:${c2}`,
          kind: 'check-in-due',
          subjectId: c2,
          dueAt: new Date('2027-02-28T10:00:00.000Z'),
        },
        {
          timerId: `check-in-grace-over:${c2}`,
          kind: 'check-in-grace-over',
          subjectId: c2,
          dueAt: new Date('2027-03-07T10:00:00.000Z'),
        },
      ]);
    });
  });

  describe('resolving actions and recording check-ins', () => {
    it('resolves an action once; unknown actions are 404, other agencies see no case', () => {
      spec([registered, started])
        .when(resolve(a1, 'done'))
        .then([resolvedEvent(a1, 'done')]);
      spec([registered, started, resolvedEvent(a1, 'done')])
        .when(resolve(a1, 'missed'))
        .thenThrows(isDomainError('ACTION_ALREADY_RESOLVED'));
      spec([registered, started]).when(resolve('nope', 'done')).thenThrows(isDomainError('ACTION_NOT_FOUND'));
      spec([registered, started])
        .when(resolve(a1, 'done', outsider))
        .thenThrows(isDomainError('CASE_NOT_FOUND'));
      spec([started]).when(resolve(a1, 'done')).thenThrows(isDomainError('CASE_NOT_FOUND'));
      spec([registered]).when(resolve(a1, 'done')).thenThrows(isDomainError('NO_AGREEMENT_YET'));
    });

    it('records the earliest open check-in when none is named, keeping notes in an internal event for the harmed person', () => {
      spec([registered, started])
        .when(checkIn(undefined, { notes: '  Feels safer walking home.  ' }))
        .then([
          recordedEvent(c1),
          {
            type: 'CheckInNotesRecorded',
            data: { caseId, checkInId: c1, harmedPersonId: harmed, notes: 'Feels safer walking home.' },
          },
        ]);
      spec([registered, started, recordedEvent(c1), recordedEvent(c2)])
        .when(checkIn())
        .then([recordedEvent('e0000000-0000-4000-8000-000000000000')]);
      spec([registered, started, recordedEvent(c1)])
        .when(checkIn(c1))
        .thenThrows(isDomainError('CHECK_IN_ALREADY_RECORDED'));
      spec([registered, started]).when(checkIn('unknown')).thenThrows(isDomainError('CHECK_IN_NOT_FOUND'));
      spec([registered, started])
        .when(checkIn(undefined, { personId: responsible }))
        .thenThrows(isDomainError('NOT_A_HARMED_PERSON'));
    });

    it('closes the case when the last action is resolved and the last check-in recorded', () => {
      const closed = (outcome: 'agreement-completed' | 'agreement-partly-completed'): FollowUpEvent => ({
        type: 'CaseClosed',
        data: {
          caseId,
          outcome,
          closedBy: 'cw-1',
          reason: 'Every agreed action resolved and every check-in recorded.',
          closedAt: now,
        },
      });
      spec([registered, started, resolvedEvent(a1, 'done'), recordedEvent(c1), recordedEvent(c2)])
        .when(resolve(a2, 'done'))
        .then([resolvedEvent(a2, 'done'), closed('agreement-completed')]);
      spec([registered, started, resolvedEvent(a1, 'missed'), resolvedEvent(a2, 'done'), recordedEvent(c1)])
        .when(checkIn(c2))
        .then([recordedEvent(c2), closed('agreement-partly-completed')]);
      spec([registered, started, resolvedEvent(a1, 'done'), recordedEvent(c1)])
        .when(resolve(a2, 'done'))
        .then([resolvedEvent(a2, 'done')]);
    });

    it('lets a case-worker close on decision, and refuses anything once closed', () => {
      const close: FollowUpCommand = {
        type: 'CloseCase',
        data: { caseId, outcome: 'closed-by-decision', reason: 'Moved away' },
        metadata: caseWorker,
      };
      spec([registered, started])
        .when(close)
        .then([
          {
            type: 'CaseClosed',
            data: {
              caseId,
              outcome: 'closed-by-decision',
              closedBy: 'cw-1',
              reason: 'Moved away',
              closedAt: now,
            },
          },
        ]);
      const closedEvent: FollowUpEvent = {
        type: 'CaseClosed',
        data: { caseId, outcome: 'closed-by-decision', closedBy: 'cw-1', reason: 'x', closedAt: now },
      };
      spec([registered, started, closedEvent]).when(close).thenThrows(isDomainError('CASE_CLOSED'));
      spec([registered, started, closedEvent])
        .when(resolve(a1, 'done'))
        .thenThrows(isDomainError('CASE_CLOSED'));
    });
  });

  describe('closing from upstream events', () => {
    it('closes with no agreement, noting when the conference was held', () => {
      spec([registered])
        .when({
          type: 'CloseWithoutAgreement',
          data: { caseId, reason: 'No agreement on reparation', heldAt: '2026-11-30T10:00:00.000Z' },
          metadata: system,
        })
        .then([
          held,
          {
            type: 'CaseClosed',
            data: {
              caseId,
              outcome: 'no-agreement',
              closedBy: 'system:follow-up',
              reason: 'No agreement on reparation',
              closedAt: now,
            },
          },
        ]);
    });

    it('closes as halted whatever the stage, once', () => {
      const halt: FollowUpCommand = {
        type: 'HaltCase',
        data: { caseId, explanation: 'Consent withdrawn', haltedAt: now },
        metadata: system,
      };
      const closed: FollowUpEvent = {
        type: 'CaseClosed',
        data: {
          caseId,
          outcome: 'halted',
          closedBy: 'system:follow-up',
          reason: 'Consent withdrawn',
          closedAt: now,
        },
      };
      spec([registered, started]).when(halt).then([closed]);
      spec([]).when(halt).then([closed]);
      spec([closed]).when(halt).thenNothingHappens();
    });

    it('registers a case and notes each milestone the first time only', () => {
      spec([registered])
        .when({
          type: 'RegisterCase',
          data: {
            caseId,
            referringAgency: 'x',
            receivingService: 'y',
            offenceCategory: 'z',
            consentsCompletedAt: now,
          },
          metadata: system,
        })
        .thenNothingHappens();
      spec([])
        .when({
          type: 'NoteMilestone',
          data: { caseId, milestone: 'facilitator-assigned', at: now },
          metadata: system,
        })
        .then([{ type: 'MilestoneNoted', data: { caseId, milestone: 'facilitator-assigned', at: now } }]);
      spec([{ type: 'MilestoneNoted', data: { caseId, milestone: 'facilitator-assigned', at: now } }])
        .when({
          type: 'NoteMilestone',
          data: { caseId, milestone: 'facilitator-assigned', at: '2027-01-01T00:00:00.000Z' },
          metadata: system,
        })
        .thenNothingHappens();
    });
  });

  it('publishes events that satisfy their contracts exactly', () => {
    const published: Record<string, RegisteredIntegrationEvent> = {
      ActionOverdue,
      ActionResolved,
      CheckInRecorded,
      CaseClosed,
    };
    const state = spec.stateAfter([registered, started]);
    const events = [
      ...decide(fire('action-due', a1), state),
      ...decide(resolve(a1, 'done'), state),
      ...decide(checkIn(undefined, { notes: 'n' }), state),
      ...decide(
        { type: 'HaltCase', data: { caseId, explanation: 'Withdrawn', haltedAt: now }, metadata: system },
        state,
      ),
      ...decide(
        {
          type: 'CloseCase',
          data: { caseId, outcome: 'closed-by-decision', reason: 'Moved' },
          metadata: caseWorker,
        },
        state,
      ),
    ];
    expect(events.filter((e) => published[e.type])).toHaveLength(5);
    for (const event of events) {
      const contract = published[event.type];
      if (contract) assertContract(contract, event.data);
    }
  });
});
