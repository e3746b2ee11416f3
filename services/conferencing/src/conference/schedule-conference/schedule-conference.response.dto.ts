import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { ConferenceScheduledV1 } from '@accord/contracts';

export class ScheduleConferenceResponse {
  @IsUUID() readonly caseId!: string;
  @JSONSchema({ description: 'The conference as scheduled (the published `ConferenceScheduled`).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConferenceScheduledV1)
  readonly conference?: ConferenceScheduledV1;
  @JSONSchema({ description: 'Whether this request also recorded the safety plan.' })
  @IsBoolean()
  readonly safetyPlanRecorded!: boolean;
}
