import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_ROLES_CLAIM } from '@accord/contracts';
import { issuerUrlProblem } from '@accord/platform';

export const REGISTRABLE_TIERS = ['agency', 'inspectorate'] as const;

export class TrustedIssuerRequest {
  @ApiProperty({ example: 'https://login.police-north.example/realms/staff' })
  @IsString()
  @MaxLength(500)
  @ValidateBy({
    name: 'isIssuer',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && issuerUrlProblem(value) === null,
      defaultMessage: (args) =>
        `issuer ${typeof args?.value === 'string' ? (issuerUrlProblem(args.value) ?? '') : 'must be a URL'}`,
    },
  })
  issuer!: string;

  @ApiPropertyOptional({
    default: DEFAULT_ROLES_CLAIM,
    example: 'realm_access.roles',
    description: 'The claim that carries Accord roles (a dotted path for nested claims).',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/, {
    message: 'rolesClaim must be a claim name or a dotted path such as realm_access.roles',
  })
  @MaxLength(200)
  rolesClaim?: string;
}

/** Which OpenID issuers speak for an agency (replaces what was registered before). */
export class SetAgencyTrustRequest {
  @ApiProperty({
    enum: REGISTRABLE_TIERS,
    description: "`inspectorate` lets the agency's issuers grant `auditor` (read every case).",
  })
  @IsIn(REGISTRABLE_TIERS)
  tier!: (typeof REGISTRABLE_TIERS)[number];

  @ApiProperty({ type: [TrustedIssuerRequest], description: 'Empty: no token speaks for the agency.' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TrustedIssuerRequest)
  issuers!: TrustedIssuerRequest[];

  @ApiProperty({ example: 'Police North moved to its new identity provider (ticket 4711).' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}
