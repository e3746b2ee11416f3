import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  HALT_REASONS,
  PARTICIPANT_ROLES,
  type ConsentMethod,
  type ConsentPurpose,
  type HaltReason,
  type ParticipantRole,
} from '@accord/contracts';
import { CONSENT_STATUSES, type ConsentStatus, type OutstandingConsent } from '@accord/consent-domain';
import type { CaseConsentStatus, ParticipantConsentView, ParticipantView } from './case-consent.entity';

const CASE_CONSENT_STATUSES = [
  'requested',
  'complete',
  'halted',
] as const satisfies readonly CaseConsentStatus[];

/** What the referring agency may know: where the case stands, not who said what. */
export class ConsentSummaryResponse {
  @IsUUID() readonly caseId!: string;

  @JSONSchema({ description: '`complete` once every required consent is given; `halted` for good.' })
  @IsIn(CASE_CONSENT_STATUSES)
  readonly status!: CaseConsentStatus;
}

/** A participation consent still to be asked for. */
export class OutstandingConsentResponse implements OutstandingConsent {
  @IsUUID() readonly personId!: string;
  @IsIn(PARTICIPANT_ROLES) readonly role!: ParticipantRole;
  @IsIn(['participation']) readonly purpose!: 'participation';
}

/** One answer a participant gave, for one purpose. */
export class ParticipantConsentResponse implements ParticipantConsentView {
  @IsIn(CONSENT_PURPOSES) readonly purpose!: ConsentPurpose;
  @IsIn(CONSENT_STATUSES) readonly status!: ConsentStatus;
  @IsIn(CONSENT_METHODS) readonly method!: ConsentMethod;
  @JSONSchema({ description: 'The consent officer who took it.' }) @IsString() readonly recordedBy!: string;
  @IsISO8601() readonly recordedAt!: string;

  @JSONSchema({ description: 'Information sharing: the agency it is shared with.' })
  @IsOptional()
  @IsString()
  readonly agency?: string;

  @JSONSchema({ description: 'Information sharing: which items.', example: ['contact-details'] })
  @IsOptional()
  @IsString({ each: true })
  readonly information?: readonly string[];
}

/** A participant and their answers. */
export class ParticipantResponse implements ParticipantView {
  @IsUUID() readonly personId!: string;
  @IsIn(PARTICIPANT_ROLES) readonly role!: ParticipantRole;

  @JSONSchema({ description: 'Their participation consent is needed before conferencing.' })
  @IsBoolean()
  readonly required!: boolean;

  @JSONSchema({ description: 'A guardian: the participants they answer for.' })
  @IsOptional()
  @IsUUID('all', { each: true })
  readonly onBehalfOf?: readonly string[];

  @JSONSchema({ description: '`requested` until they answer; otherwise their latest answer.' })
  @IsIn(['requested', 'not-requested', ...CONSENT_STATUSES])
  readonly participation!: ParticipantView['participation'];

  @ValidateNested({ each: true })
  @Type(() => ParticipantConsentResponse)
  readonly consents!: readonly ParticipantConsentResponse[];
}

/** The receiving service and auditors: every participant's answers and what is still outstanding. */
export class ConsentDetailResponse extends ConsentSummaryResponse {
  @JSONSchema({ example: 'police-north' }) @IsString() readonly referringAgency!: string;
  @JSONSchema({ example: 'rj-service-north' }) @IsString() readonly receivingService!: string;
  @IsISO8601() readonly openedAt!: string;
  @JSONSchema({ description: 'When consent must be complete.' }) @IsISO8601() readonly dueAt!: string;
  @IsOptional() @IsISO8601() readonly completedAt?: string;
  @IsOptional() @IsIn(HALT_REASONS) readonly haltReason?: HaltReason;
  @IsOptional() @IsISO8601() readonly haltedAt?: string;

  @JSONSchema({ description: 'When the reminder fired (the due date is near and consent is missing).' })
  @IsOptional()
  @IsISO8601()
  readonly remindedAt?: string;

  @ValidateNested({ each: true })
  @Type(() => ParticipantResponse)
  readonly participants!: readonly ParticipantResponse[];

  @ValidateNested({ each: true })
  @Type(() => OutstandingConsentResponse)
  readonly outstanding!: readonly OutstandingConsentResponse[];

  @JSONSchema({ description: 'Participants under 18 whose guardian has not consented yet.' })
  @IsUUID('all', { each: true })
  readonly guardiansNeeded!: readonly string[];
}

/** What one person agreed to share with the calling agency. */
export class SharedItemsResponse {
  @IsUUID() readonly personId!: string;
  @IsIn(PARTICIPANT_ROLES) readonly role!: ParticipantRole;

  @JSONSchema({ description: 'Exactly the items they agreed to share.', example: ['contact-details'] })
  @IsString({ each: true })
  readonly information!: readonly string[];

  @IsISO8601() readonly consentedAt!: string;
}

/** Per consenting person: exactly the items they agreed to share with this agency, until withdrawn. */
export class SharedInformationResponse {
  @IsUUID() readonly caseId!: string;
  @JSONSchema({ description: 'The calling agency.', example: 'victim-support-north' })
  @IsString()
  readonly agency!: string;

  @ValidateNested({ each: true })
  @Type(() => SharedItemsResponse)
  readonly shared!: readonly SharedItemsResponse[];
}
