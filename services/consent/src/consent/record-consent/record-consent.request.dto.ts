import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { type ConsentMethod, type ConsentPurpose, Text } from '@accord/contracts';
import { IsConsentMethod, IsConsentPurpose, IsParticipantId } from '../consent-fields.validation';

export class SharingRequest {
  /** The agency the information may be shared with, as it appears in its tokens' `agency` claim. */
  @Text(100, 1) agency!: string;

  /** The named items, e.g. `contact-details`, `outcome-agreement`: nothing else is shared. */
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @ArrayMinSize(1, { message: 'information must name at least one item' })
  @ArrayMaxSize(20)
  information!: string[];
}

/** `sharing` belongs to information-sharing consent, and only there. */
export function SharingMatchesPurpose(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'sharingMatchesPurpose',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          ((args.object as { purpose?: unknown }).purpose === 'information-sharing') ===
          (value !== undefined),
        defaultMessage: (args: ValidationArguments) =>
          (args.object as { purpose?: unknown }).purpose === 'information-sharing'
            ? 'information-sharing consent needs sharing: { agency, information: [...] }'
            : 'sharing is only for purpose information-sharing',
      },
    });
}

export class RecordConsentRequest {
  @IsParticipantId() personId!: string;
  @IsConsentPurpose() purpose!: ConsentPurpose;
  @IsIn(['given', 'declined'], { message: 'decision must be given or declined' }) decision!:
    | 'given'
    | 'declined';
  @IsConsentMethod() method!: ConsentMethod;

  @ValidateIf(
    (request: RecordConsentRequest) =>
      request.purpose === 'information-sharing' || request.sharing !== undefined,
  )
  @SharingMatchesPurpose()
  @IsObject()
  @ValidateNested()
  @Type(() => SharingRequest)
  sharing?: SharingRequest;
}
