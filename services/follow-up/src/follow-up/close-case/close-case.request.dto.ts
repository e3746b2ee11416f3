import { IsIn } from 'class-validator';
import { DECIDED_OUTCOMES, type DecidedOutcome } from '@accord/follow-up-domain';
import { Reason } from '@accord/contracts';

export class CloseCaseRequest {
  @IsIn(DECIDED_OUTCOMES, { message: `outcome must be one of ${DECIDED_OUTCOMES.join(', ')}` })
  outcome!: DecidedOutcome;
  @Reason() reason!: string;
}
