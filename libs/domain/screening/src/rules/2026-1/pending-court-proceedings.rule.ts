import type { ScreeningRule } from '../rule';

const id = 'pending-court-proceedings';

export const pendingCourtProceedings: ScreeningRule = {
  id,
  evaluate: (profile) =>
    profile.pendingCourtProceedings
      ? {
          rule: id,
          result: 'note',
          reasonCode: 'PRE_SENTENCE',
          explanation:
            'Court proceedings are pending: restorative work before sentence needs the court informed.',
          requires: { courtToBeInformed: true },
        }
      : {
          rule: id,
          result: 'pass',
          reasonCode: 'NO_PENDING_PROCEEDINGS',
          explanation: 'No court proceedings are pending.',
        },
};
