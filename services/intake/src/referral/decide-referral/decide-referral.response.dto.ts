import { IsIn, IsUUID } from 'class-validator';

export class DecideReferralResponse {
  @IsUUID() readonly caseId!: string;
  @IsIn(['accepted', 'declined']) readonly status!: 'accepted' | 'declined';
}
