import { Equals, IsUUID } from 'class-validator';

export class AmendReferralResponse {
  @IsUUID() readonly caseId!: string;
  @Equals('amended') readonly status!: 'amended';
}
