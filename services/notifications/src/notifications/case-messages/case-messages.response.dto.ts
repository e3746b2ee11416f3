import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  MESSAGE_CHANNELS,
  MESSAGE_TEMPLATES,
  type MessageChannel,
  type MessageTemplate,
} from '@accord/contracts';
import type { MessageStatus } from '@accord/notifications-domain';
import type { MessageView } from './case-messages.entity';

const MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sent', 'delivered', 'bounced', 'suppressed'];

export class CaseMessageResponse implements MessageView {
  @IsUUID() readonly messageId!: string;
  @JSONSchema({ description: 'Who it is for, by person id (never the address).' })
  @IsUUID()
  readonly personId!: string;
  @JSONSchema({
    description:
      "Set when the message went to this agency's mailbox (a referral's deadline reminder or escalation): `personId` then names the mailbox, not a person.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly agency?: string;
  @IsIn(MESSAGE_TEMPLATES) readonly template!: MessageTemplate;
  @JSONSchema({
    description: '`queued` until the channel answers; `suppressed` with its reason when it may not go.',
  })
  @IsIn(MESSAGE_STATUSES)
  readonly status!: MessageStatus;
  @IsOptional() @IsInt() @Min(1) readonly templateVersion?: number;
  @IsOptional() @IsString() @MaxLength(35) readonly language?: string;
  @IsOptional() @IsIn(MESSAGE_CHANNELS) readonly channel?: MessageChannel;
  @IsOptional() @IsString() @MaxLength(1000) readonly reason?: string;
  @IsISO8601() readonly queuedAt!: string;
  @IsOptional() @IsISO8601() readonly settledAt?: string;
}

export class CaseMessagesResponse {
  @IsUUID() readonly caseId!: string;
  @ValidateNested({ each: true })
  @Type(() => CaseMessageResponse)
  readonly messages!: CaseMessageResponse[];
  @JSONSchema({ description: 'Messages still waiting to go (e.g. while the mail server is down).' })
  @IsInt()
  @Min(0)
  readonly pending!: number;
}
