import type { FoldEvent } from './fold-event';
import { foldIntake } from './intake.fold';

const at = (n: number) => `2026-03-0${n}T10:00:00.000Z`;
const event = (type: string, data: object, n = 1): FoldEvent => ({ type, data, recordedAt: at(n) });

const profile = {
  referringAgency: 'police-north',
  receivingService: 'rj-east',
  offenceCategory: 'property',
  incidentDate: '2026-02-01',
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
  participants: [{ personId: 'p-1', role: 'harmed', ageAtReferral: 40, language: 'en' }],
};

const submitted = event('ReferralSubmitted', {
  caseId: 'c-1',
  referringAgency: 'police-north',
  receivingService: 'rj-east',
  referrerReference: 'REF-1',
  incident: { offenceCategory: 'property', date: '2026-02-01', summary: 'x', summaryHeldBy: 'p-1' },
  people: {
    harmed: [{ personId: 'p-1', name: 'Ann' }],
    responsible: [{ personId: 'p-2', name: 'Bob' }],
    supporters: [],
  },
  riskLevel: 'low',
  submittedBy: 'officer-1',
  submittedAt: at(1),
});

describe('intake fold', () => {
  it('is null before the referral exists', () => {
    expect(foldIntake([])).toBeNull();
  });

  it('reads a submitted referral as received, with ids and roles but no names', () => {
    const view = foldIntake([submitted]);
    expect(view).toMatchObject({
      status: 'received',
      referringAgency: 'police-north',
      receivingService: 'rj-east',
      referrerReference: 'REF-1',
      participants: [
        { personId: 'p-1', role: 'harmed' },
        { personId: 'p-2', role: 'responsible' },
      ],
      decision: null,
      amended: false,
    });
    expect(JSON.stringify(view)).not.toContain('Ann');
  });

  it('follows acceptance and amendments', () => {
    const view = foldIntake([
      submitted,
      event('ReferralAccepted', { caseId: 'c-1', profile, acceptedBy: 'rj-1', acceptedAt: at(2) }, 2),
      event(
        'ReferralAmended',
        {
          caseId: 'c-1',
          profile: { ...profile, riskLevel: 'high' },
          reason: 'new facts',
          amendedBy: 'officer-1',
          amendedAt: at(3),
        },
        3,
      ),
    ]);
    expect(view).toMatchObject({
      status: 'accepted',
      riskLevel: 'high',
      decision: { by: 'rj-1', at: at(2) },
      amended: true,
      amendments: [{ at: at(3), by: 'officer-1', reason: 'new facts' }],
    });
  });

  it('records a decline with its reason, and skips event types it does not know', () => {
    const view = foldIntake([
      submitted,
      event('SomethingNew', { anything: true }, 2),
      event(
        'ReferralDeclined',
        { caseId: 'c-1', reason: 'out of area', declinedBy: 'rj-1', declinedAt: at(3) },
        3,
      ),
    ]);
    expect(view).toMatchObject({ status: 'declined', decision: { by: 'rj-1', reason: 'out of area' } });
  });
});
