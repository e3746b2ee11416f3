import { verdictsOf, type ScreeningRule } from '../rule';

const id = 'pending-court-proceedings';
const verdict = verdictsOf(id);

export const pendingCourtProceedings: ScreeningRule = {
  id,
  evaluate: (profile) =>
    profile.pendingCourtProceedings
      ? verdict(
          'note',
          'PRE_SENTENCE',
          'Court proceedings are pending: restorative work before sentence needs the court informed.',
          { courtToBeInformed: true },
        )
      : verdict('pass', 'NO_PENDING_PROCEEDINGS', 'No court proceedings are pending.'),
};
