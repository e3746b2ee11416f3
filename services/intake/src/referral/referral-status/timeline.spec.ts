import type { CaseHaltedV1, CaseIneligibleV1 } from '@accord/contracts';
import { referralDeclined } from '@accord/intake-domain/testing';
import { observedStep, ownStep } from './timeline';

const caseId = '6a1d1f0e-8c1e-4e7b-9a51-2d9b7d6c1a01';
const requirements = {
  specialistFacilitator: true,
  managerReview: true,
  youthJusticePath: false,
  guardianConsentFor: [],
  courtToBeInformed: false,
  safetyPlanRequired: true,
};

describe('timeline steps', () => {
  it('shows the receiving service why screening decided, and the referrer only the outcome', () => {
    const ineligible: CaseIneligibleV1 = {
      caseId,
      referringAgency: 'police-north',
      ruleSetVersion: '2026.1',
      rules: [
        {
          rule: 'responsibility',
          result: 'fail',
          reasonCode: 'DENIES_RESPONSIBILITY',
          explanation: 'Denies it.',
        },
      ],
      requirements,
      decidedBy: 'system',
      decidedAt: '2026-03-12T10:00:00.000Z',
    };
    const step = observedStep({ type: 'CaseIneligible', data: ineligible });
    expect(step.status).toBe('ineligible');
    expect(step.detail).toMatchObject({
      ruleSetVersion: '2026.1',
      reasons: [{ reasonCode: 'DENIES_RESPONSIBILITY' }],
    });
    expect(step.referrerDetail).toEqual({ outcome: 'ineligible' });
  });

  it('tells the referrer a case halted, not whose consent stopped it', () => {
    const halted: CaseHaltedV1 = {
      caseId,
      reason: 'harmed-person-declined',
      personId: '0b7f6f3c-1111-4c1f-9a3d-6f6b7e0c2a11',
      explanation: 'The harmed person does not want contact.',
      haltedAt: '2026-03-12T10:00:00.000Z',
    };
    const step = observedStep({ type: 'CaseHalted', data: halted });
    expect(step).toMatchObject({
      status: 'halted',
      detail: { reason: 'harmed-person-declined' },
      referrerDetail: {},
    });
    expect(JSON.stringify(step.referrerDetail)).not.toMatch(/declined|personId|contact/);
  });

  it('tells the referrer why its referral was declined', () => {
    const step = ownStep(referralDeclined(caseId, '2026-03-12T10:00:00.000Z'));
    expect(step).toEqual({
      status: 'declined',
      detail: { reason: 'Out of area', declinedBy: 'screener-7' },
      referrerDetail: { reason: 'Out of area' },
    });
  });
});
