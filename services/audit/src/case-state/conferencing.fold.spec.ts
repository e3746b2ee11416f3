import { foldConferencing } from './conferencing.fold';
import type { FoldEvent } from './fold-event';

const event = (type: string, data: object): FoldEvent => ({
  type,
  data,
  recordedAt: '2026-03-01T10:00:00.000Z',
});
const opened = event('ConferencingOpened', { caseId: 'c-1', openedAt: 't0' });
const assigned = event('FacilitatorAssigned', {
  caseId: 'c-1',
  facilitatorId: 'f-1',
  how: 'automatic',
  assignedAt: 't1',
});
const scheduled = event('ConferenceScheduled', {
  caseId: 'c-1',
  mode: 'face-to-face',
  at: '2026-04-01T10:00:00Z',
  where: 'Town hall',
  participants: ['h', 'r'],
  scheduledAt: 't2',
});

describe('conferencing fold', () => {
  it('is null before conferencing opens, then open without facilitator or conference', () => {
    expect(foldConferencing([])).toBeNull();
    expect(foldConferencing([opened])).toMatchObject({
      status: 'open',
      facilitatorId: null,
      conference: { status: 'not-scheduled' },
      outcome: null,
    });
  });

  it('follows facilitators, the conference and its outcome', () => {
    const view = foldConferencing([
      opened,
      assigned,
      event('FacilitatorAssigned', {
        caseId: 'c-1',
        facilitatorId: 'f-2',
        previousFacilitatorId: 'f-1',
        how: 'reassigned',
        reason: 'leave',
        assignedAt: 't3',
      }),
      scheduled,
      event('AgreementReached', {
        caseId: 'c-1',
        actions: [{ actionId: 'a' }, { actionId: 'b' }],
        harmedPersons: ['h'],
        heldAt: 't4',
      }),
    ]);
    expect(view).toMatchObject({
      status: 'concluded',
      facilitatorId: 'f-2',
      facilitators: [
        { facilitatorId: 'f-1', how: 'automatic' },
        { facilitatorId: 'f-2', how: 'reassigned', reason: 'leave' },
      ],
      conference: { status: 'held', mode: 'face-to-face', where: 'Town hall', participants: ['h', 'r'] },
      outcome: 'agreement',
      agreedActions: 2,
    });
  });

  it('shows a cancelled conference and a halt', () => {
    const view = foldConferencing([
      opened,
      assigned,
      scheduled,
      event('ConferenceCancelled', { caseId: 'c-1', reason: 'consent withdrawn', cancelledAt: 't3' }),
      event('ConferencingHalted', {
        caseId: 'c-1',
        reason: 'consent-withdrawn',
        explanation: 'x',
        haltedAt: 't3',
      }),
    ]);
    expect(view).toMatchObject({
      status: 'halted',
      halted: { reason: 'consent-withdrawn', at: 't3' },
      conference: { status: 'cancelled', cancelledReason: 'consent withdrawn' },
    });
  });

  it('records no agreement with its reason', () => {
    expect(
      foldConferencing([
        opened,
        assigned,
        scheduled,
        event('NoAgreement', { caseId: 'c-1', reason: 'no common ground', heldAt: 't4' }),
      ]),
    ).toMatchObject({ status: 'concluded', outcome: 'no-agreement', noAgreementReason: 'no common ground' });
  });
});
