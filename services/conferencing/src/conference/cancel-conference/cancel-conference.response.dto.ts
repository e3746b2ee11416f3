import { IsISO8601, IsUUID } from 'class-validator';

export class CancelConferenceResponse {
  @IsUUID() readonly caseId!: string;
  @IsISO8601() readonly cancelledAt!: string;
}
