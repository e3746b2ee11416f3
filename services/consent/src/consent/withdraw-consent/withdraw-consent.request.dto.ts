import {
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { type ConsentMethod, type ConsentPurpose, Text } from '@accord/contracts';
import { IsConsentMethod, IsConsentPurpose, IsParticipantId } from '../consent-fields.validation';

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
  @IsParticipantId() personId!: string;
  @IsConsentPurpose() purpose!: ConsentPurpose;
  @IsConsentMethod() method!: ConsentMethod;
  @IsOptional() @Text(2000) reason?: string;

  /** Information-sharing only: stop sharing with this agency; without it, with every agency. */
  @ValidateIf((request: WithdrawConsentRequest) => request.agency !== undefined)
  @OnlyForInformationSharing()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency?: string;
}
