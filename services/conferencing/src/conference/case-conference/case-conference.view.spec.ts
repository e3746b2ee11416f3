import type { CaseFile, ConferenceEvent } from '@accord/conferencing-domain';
import { nextView, type ConferenceView } from './case-conference.view';

const caseId = '0b0e1a5e-6c4e-4a55-9b1e-1f0c2d3e4f50';
const at = new Date('2026-12-01T10:00:00.000Z');
const file: CaseFile = {
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  offenceCategory: 'property',
  riskLevel: 'low',
  participants: [],
  specialistFacilitator: false,
  safetyPlanRequired: false,
};

const fold = (events: ConferenceEvent[]): ConferenceView | null =>
  events.reduce<ConferenceView | null>((view, event, version) => nextView(view, event, version, at), null);

describe('case-conference view', () => {
  const opened: ConferenceEvent = {
    type: 'ConferencingOpened',
    data: { caseId, file, openedAt: at.toISOString() },
  };
  const assigned: ConferenceEvent = {
    type: 'FacilitatorAssigned',
    data: { caseId, facilitatorId: 'fac-a', how: 'automatic', assignedAt: '' },
  };
  const scheduled: ConferenceEvent = {
    type: 'ConferenceScheduled',
    data: {
      caseId,
      mode: 'circle',
      at: '2026-12-09T10:00:00.000Z',
      where: 'Hall',
      participants: ['p'],
      scheduledAt: '',
    },
  };

  it('follows the case through its statuses, keeping the stream version', () => {
    expect(fold([opened])).toMatchObject({
      status: 'awaiting-facilitator',
      version: 0,
      referringAgency: 'police-north',
    });
    expect(fold([opened, assigned, scheduled])).toMatchObject({
      status: 'conference-scheduled',
      facilitatorId: 'fac-a',
      version: 2,
    });
    expect(
      fold([
        opened,
        assigned,
        scheduled,
        { type: 'ConferenceCancelled', data: { caseId, reason: 'Venue', cancelledAt: 'x' } },
      ]),
    ).toMatchObject({
      status: 'facilitator-assigned',
      conference: null,
      lastCancellation: { reason: 'Venue', at: 'x' },
    });
  });

  it('keeps nothing visible for a halt conferencing never opened', () => {
    expect(
      fold([
        {
          type: 'ConferencingHalted',
          data: { caseId, reason: 'consent-expired', explanation: 'x', haltedAt: '' },
        },
      ]),
    ).toBeNull();
  });

  it('clears the “no facilitator” reasons once someone is assigned', () => {
    const unavailable: ConferenceEvent = {
      type: 'FacilitatorUnavailable',
      data: { caseId, reasons: [], explanation: 'none', at: '' },
    };
    expect(fold([opened, unavailable])).toMatchObject({
      status: 'awaiting-facilitator',
      facilitatorUnavailable: { explanation: 'none' },
    });
    expect(fold([opened, unavailable, assigned])).toMatchObject({
      status: 'facilitator-assigned',
      facilitatorUnavailable: null,
    });
  });
});
