import type { HaltReason } from '@accord/contracts';
import type { ConsentEvent, ConsentState } from '@accord/consent-domain';

/** What an officer sees after recording or withdrawing: what was recorded and where the case stands. */
export interface ConsentOutcomeResponse {
  readonly caseId: string;
  readonly recorded: readonly string[];
  readonly status: 'requested' | 'complete' | 'halted';
  readonly haltReason?: HaltReason;
}

export function consentOutcome(
  caseId: string,
  events: readonly ConsentEvent[],
  state: ConsentState,
): ConsentOutcomeResponse {
  if (state.status === 'not-requested')
    throw new Error(`case ${caseId} has no consent process after a command succeeded`);
  return {
    caseId,
    recorded: events.map((event) => event.type),
    status: state.status,
    ...(state.status === 'halted' ? { haltReason: state.halt.reason } : {}),
  };
}
