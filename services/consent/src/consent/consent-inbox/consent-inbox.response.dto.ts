import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { OutstandingConsentResponse } from '../case-consent/case-consent.response.dto';

/** An open case in the consent officer's inbox. */
export class ConsentInboxItemResponse {
  @IsUUID() readonly caseId!: string;
  @JSONSchema({ description: 'When consent must be complete.' }) @IsISO8601() readonly dueAt!: string;

  @JSONSchema({ description: 'The reminder fired: the due date is near and consent is still missing.' })
  @IsBoolean()
  readonly reminderDue!: boolean;

  @IsOptional() @IsISO8601() readonly remindedAt?: string;

  @JSONSchema({ description: 'Who is still to be asked.' })
  @ValidateNested({ each: true })
  @Type(() => OutstandingConsentResponse)
  readonly outstanding!: readonly OutstandingConsentResponse[];

  @JSONSchema({ description: 'Participants under 18 whose guardian has not consented yet.' })
  @IsUUID('all', { each: true })
  readonly guardiansNeeded!: readonly string[];
}

/** The consent officer's open cases, soonest due first. */
export class ConsentInboxResponse {
  @ValidateNested({ each: true })
  @Type(() => ConsentInboxItemResponse)
  readonly items!: readonly ConsentInboxItemResponse[];
}
