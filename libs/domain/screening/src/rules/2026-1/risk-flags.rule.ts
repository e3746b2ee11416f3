import { verdictsOf, type ScreeningRule } from '../rule';

const id = 'risk-flags';
const verdict = verdictsOf(id);

/** Flags do not decide anything by themselves; they are carried to whoever prepares the case. */
export const riskFlags: ScreeningRule = {
  id,
  evaluate: (profile) =>
    profile.riskFlags.length > 0
      ? verdict(
          'note',
          'RISK_FLAGS_RAISED',
          `The referrer raised risk flags: ${profile.riskFlags.join(', ')}.`,
        )
      : verdict('pass', 'NO_RISK_FLAGS', 'The referrer raised no risk flags.'),
};
