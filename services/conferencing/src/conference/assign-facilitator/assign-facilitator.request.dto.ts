import { IsString, MaxLength, MinLength } from 'class-validator';

export class AssignFacilitatorRequest {
  @IsString() @MinLength(1) @MaxLength(100) facilitatorId!: string;
  /** Why the case moves (or why this facilitator was chosen by hand): part of the audit trail. */
  @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}
