import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CaseClosedV1, CheckInRecordedV1 } from '@accord/contracts';

/** The check-in as recorded (the published `CheckInRecorded`), and the closure it completed, if any. */
export class RecordCheckInResponse extends CheckInRecordedV1 {
  @JSONSchema({ description: 'Present when this was the last check-in and the case closed with it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseClosedV1)
  readonly caseClosed?: CaseClosedV1;
}
