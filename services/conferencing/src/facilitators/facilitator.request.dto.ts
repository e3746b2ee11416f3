import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ACCREDITATIONS, type Accreditation } from '@accord/conferencing-domain';
import { Text } from '@accord/contracts';

/** `PUT /api/facilitators/:id`: the whole record; the facilitator works for the caller's service. */
export class FacilitatorRequest {
  @Text(200, 1) name!: string;
  /** Agency that employs or seconds them: cases from it are a conflict of interest. */
  @Text(100, 1) homeAgency!: string;
  @IsIn(ACCREDITATIONS, { message: `accreditation must be one of ${ACCREDITATIONS.join(', ')}` })
  accreditation!: Accreditation;
  @IsString({ each: true })
  @Matches(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, {
    each: true,
    message: 'each language must be a BCP 47 tag such as en, cy or pl-PL',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  languages!: string[];
  @Text(100, 1) region!: string;
  @IsInt() @Min(0) @Max(100) maxCaseload!: number;
  @IsOptional() @IsBoolean() active?: boolean;
}

export const FACILITATOR_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
