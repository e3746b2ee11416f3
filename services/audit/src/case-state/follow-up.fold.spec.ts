import type { FoldEvent } from './fold-event';
import { foldFollowUp } from './follow-up.fold';

const event = (type: string, data: object): FoldEvent => ({
  type,
  data,
  recordedAt: '2026-03-01T10:00:00.000Z',
});
const registered = event('CaseRegistered', { caseId: 'c-1', consentsCompletedAt: 't0' });
const started = event('FollowUpStarted', {
  caseId: 'c-1',
  actions: [
    { actionId: 'a1', kind: 'apology', what: 'write a letter', by: 'r', dueBy: '2026-04-01' },
    { actionId: 'a2', kind: 'reparation', what: 'repair the fence', by: 'r', dueBy: '2026-05-01' },
  ],
  harmedPersons: ['h'],
  heldAt: 't1',
  checkIns: [
    { checkInId: 'k1', dueAt: '2026-04-15' },
    { checkInId: 'k2', dueAt: '2026-07-15' },
  ],
  startedAt: 't1',
});

describe('follow-up fold', () => {
  it('is null before follow-up hears of the case, then registered with its milestones', () => {
    expect(foldFollowUp([])).toBeNull();
    expect(
      foldFollowUp([
        registered,
        event('MilestoneNoted', { caseId: 'c-1', milestone: 'facilitator-assigned', at: 't5' }),
      ]),
    ).toMatchObject({
      status: 'registered',
      milestones: { 'consents-complete': 't0', 'facilitator-assigned': 't5' },
    });
  });

  it('tracks actions and check-ins to closure', () => {
    const view = foldFollowUp([
      registered,
      started,
      event('ActionOverdue', { caseId: 'c-1', actionId: 'a2', dueBy: '2026-05-01' }),
      event('ActionResolved', {
        caseId: 'c-1',
        actionId: 'a1',
        result: 'done',
        recordedBy: 'cw-1',
        resolvedAt: 't2',
      }),
      event('CheckInDue', { caseId: 'c-1', checkInId: 'k1', dueAt: '2026-04-15' }),
      event('CheckInRecorded', {
        caseId: 'c-1',
        checkInId: 'k1',
        satisfaction: 4,
        feelingOfSafety: 5,
        wellbeingChange: 'better',
        recordedAt: 't3',
      }),
      event('CheckInNotesRecorded', {
        caseId: 'c-1',
        checkInId: 'k1',
        harmedPersonId: 'h',
        notes: 'feels safer',
      }),
      event('CheckInMissed', { caseId: 'c-1', checkInId: 'k2', dueAt: '2026-07-15', remindedAt: 't4' }),
      event('CaseClosed', {
        caseId: 'c-1',
        outcome: 'agreement-partly-completed',
        closedBy: 'cw-1',
        reason: 'a2 not done',
        closedAt: 't5',
      }),
    ]);
    expect(view).toMatchObject({
      status: 'closed',
      actions: [
        { actionId: 'a1', status: 'done', resolvedBy: 'cw-1' },
        { actionId: 'a2', status: 'overdue' },
      ],
      checkIns: [
        {
          checkInId: 'k1',
          status: 'recorded',
          satisfaction: 4,
          feelingOfSafety: 5,
          wellbeingChange: 'better',
          hasNotes: true,
        },
        { checkInId: 'k2', status: 'missed' },
      ],
      closed: {
        outcome: 'agreement-partly-completed',
        closedBy: 'cw-1',
        reason: 'a2 not done',
        closedAt: 't5',
      },
    });
    expect(JSON.stringify(view)).not.toContain('feels safer');
  });

  it('adds an extra check-in when it is recorded', () => {
    const view = foldFollowUp([
      registered,
      started,
      event('CheckInRecorded', {
        caseId: 'c-1',
        checkInId: 'k9',
        satisfaction: 3,
        feelingOfSafety: 3,
        wellbeingChange: 'same',
        recordedAt: 't3',
      }),
    ]);
    expect(view?.checkIns.map((checkIn) => [checkIn.checkInId, checkIn.status])).toEqual([
      ['k1', 'planned'],
      ['k2', 'planned'],
      ['k9', 'recorded'],
    ]);
  });
});
