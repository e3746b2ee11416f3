import { IsISO8601, IsUUID } from 'class-validator';
import { defineIntegrationEvent } from '../integration-event';
import { CaseProfile } from './common';
import { Nested, Reason, Text } from '../fields';

/** Intake publishes these on `accord.intake.events`; stored in `intake.Referral-<caseId>`. */

export class ReferralAcceptedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
  @Text(200) acceptedBy!: string;
  @IsISO8601() acceptedAt!: string;
}

export class ReferralDeclinedV1 {
  @IsUUID() caseId!: string;
  @Text(100) referringAgency!: string;
  @Reason() reason!: string;
  @Text(200) declinedBy!: string;
  @IsISO8601() declinedAt!: string;
}

export class ReferralAmendedV1 {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
  @Reason() reason!: string;
  @Text(200) amendedBy!: string;
  @IsISO8601() amendedAt!: string;
}

export const ReferralAccepted = defineIntegrationEvent({
  name: 'ReferralAccepted',
  version: 1,
  source: 'intake',
  schema: ReferralAcceptedV1,
  description:
    'The receiving RJ service accepted a referral; screening starts. Carries the case profile (no names).',
});

export const ReferralDeclined = defineIntegrationEvent({
  name: 'ReferralDeclined',
  version: 1,
  source: 'intake',
  schema: ReferralDeclinedV1,
  description: 'The receiving RJ service declined a referral, with its reason; the referrer is told.',
});

export const ReferralAmended = defineIntegrationEvent({
  name: 'ReferralAmended',
  version: 1,
  source: 'intake',
  schema: ReferralAmendedV1,
  description: 'An accepted referral changed; screening runs again under the rule set then current.',
});
