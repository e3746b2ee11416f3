import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { HALT_REASONS, type HaltReason } from '@accord/contracts';
import type { ConsentEvent, ConsentState } from '@accord/consent-domain';

/** What an officer sees after recording or withdrawing: what was recorded and where the case stands. */
export class ConsentOutcomeResponse {
  @IsUUID() readonly caseId!: string;

  @JSONSchema({
    description: 'The events this request recorded, e.g. `ConsentGiven`, `ConsentsCompleted`.',
    example: ['ConsentGiven'],
  })
  @IsString({ each: true })
  readonly recorded!: readonly string[];

  @JSONSchema({ description: '`complete` once every required consent is given; `halted` for good.' })
  @IsIn(['requested', 'complete', 'halted'])
  readonly status!: 'requested' | 'complete' | 'halted';

  @JSONSchema({ description: 'Why the case halted (only when `status` is `halted`).' })
  @IsOptional()
  @IsIn(HALT_REASONS)
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
