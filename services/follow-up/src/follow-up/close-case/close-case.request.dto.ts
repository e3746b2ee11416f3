import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { DECIDED_OUTCOMES, type DecidedOutcome } from '@accord/follow-up-domain';

export class CloseCaseRequest {
  @IsIn(DECIDED_OUTCOMES, { message: `outcome must be one of ${DECIDED_OUTCOMES.join(', ')}` })
  outcome!: DecidedOutcome;
  @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}
