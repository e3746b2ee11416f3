import { Reason, Text } from '@accord/contracts';

export class AssignFacilitatorRequest {
  @Text(100, 1) facilitatorId!: string;
  /** Why the case moves (or why this facilitator was chosen by hand): part of the audit trail. */
  @Reason() reason!: string;
}
