import type { ScreeningRule } from '../rule';

const id = 'risk-flags';

/** Flags do not decide anything by themselves; they are carried to whoever prepares the case. */
export const riskFlags: ScreeningRule = {
  id,
  evaluate: (profile) =>
    profile.riskFlags.length > 0
      ? {
          rule: id,
          result: 'note',
          reasonCode: 'RISK_FLAGS_RAISED',
          explanation: `The referrer raised risk flags: ${profile.riskFlags.join(', ')}.`,
        }
      : {
          rule: id,
          result: 'pass',
          reasonCode: 'NO_RISK_FLAGS',
          explanation: 'The referrer raised no risk flags.',
        },
};
