import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import {
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  type ConsentMethod,
  type ConsentPurpose,
  Text,
} from '@accord/contracts';

function OnlyForInformationSharing(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'onlyForInformationSharing',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          (args.object as { purpose?: unknown }).purpose === 'information-sharing',
        defaultMessage: () =>
          'agency is only for purpose information-sharing (participation consent is not per agency)',
      },
    });
}

export class WithdrawConsentRequest {
  @IsUUID('all', { message: 'personId must be the UUID of a participant in the case' }) personId!: string;
  @IsIn(CONSENT_PURPOSES, { message: `purpose must be one of: ${CONSENT_PURPOSES.join(', ')}` })
  purpose!: ConsentPurpose;
  @IsIn(CONSENT_METHODS, { message: `method must be one of: ${CONSENT_METHODS.join(', ')}` })
  method!: ConsentMethod;
  @IsOptional() @Text(2000) reason?: string;

  /** Information-sharing only: stop sharing with this agency; without it, with every agency. */
  @ValidateIf((request: WithdrawConsentRequest) => request.agency !== undefined)
  @OnlyForInformationSharing()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency?: string;
}
