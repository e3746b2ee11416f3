import type { FoldEvent } from './fold-event';
import { foldScreening } from './screening.fold';

const event = (type: string, data: object): FoldEvent => ({
  type,
  data,
  recordedAt: '2026-03-01T10:00:00.000Z',
});
const requirements = {
  specialistFacilitator: true,
  managerReview: true,
  youthJusticePath: false,
  guardianConsentFor: [],
  courtToBeInformed: false,
  safetyPlanRequired: true,
};
const rules = [{ rule: 'risk-level', result: 'review', reasonCode: 'HIGH_RISK', explanation: 'high risk' }];

describe('screening fold', () => {
  it('is null before screening starts, and screening until a decision', () => {
    expect(foldScreening([])).toBeNull();
    expect(foldScreening([event('ScreeningStarted', { ruleSetVersion: '2026-1' })])).toMatchObject({
      status: 'screening',
      outcome: null,
      ruleSetVersion: '2026-1',
      screenings: 1,
    });
  });

  it('keeps the automatic decision and a manual one that overrides it, with rules and reasons', () => {
    const view = foldScreening([
      event('ScreeningStarted', { ruleSetVersion: '2026-1' }),
      event('CaseNeedsReview', {
        ruleSetVersion: '2026-1',
        rules,
        requirements,
        decidedBy: 'system',
        decidedAt: 't1',
      }),
      event('CaseEligible', {
        ruleSetVersion: '2026-1',
        rules,
        requirements,
        decidedBy: 'screener-1',
        decidedAt: 't2',
        overrides: 'needs-review',
        reason: 'manager reviewed the risk',
      }),
    ]);
    expect(view).toMatchObject({
      status: 'decided',
      outcome: 'eligible',
      ruleSetVersion: '2026-1',
      decidedBy: 'screener-1',
      manual: true,
      overrides: 'needs-review',
      reason: 'manager reviewed the risk',
      rules,
      requirements,
      decisions: [
        { outcome: 'needs-review', manual: false },
        { outcome: 'eligible', manual: true },
      ],
    });
  });

  it('counts a re-screening under a newer rule set', () => {
    const view = foldScreening([
      event('ScreeningStarted', { ruleSetVersion: '2026-1' }),
      event('CaseEligible', {
        ruleSetVersion: '2026-1',
        rules,
        requirements,
        decidedBy: 'system',
        decidedAt: 't1',
      }),
      event('ScreeningStarted', { ruleSetVersion: '2026-2' }),
      event('CaseIneligible', {
        ruleSetVersion: '2026-2',
        rules,
        requirements,
        decidedBy: 'system',
        decidedAt: 't2',
      }),
    ]);
    expect(view).toMatchObject({ outcome: 'ineligible', ruleSetVersion: '2026-2', screenings: 2 });
  });
});
