import { Type } from 'class-transformer';
import { IsIn, IsString, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  TRUST_TIERS,
  type AgencyTrust,
  type TrustedIssuer,
  type TrustTier,
  Nullable,
} from '@accord/contracts';

/** One OpenID issuer that speaks for an agency. */
export class TrustedIssuerResponse implements TrustedIssuer {
  @JSONSchema({
    description:
      'The `iss` of the agency’s tokens, also the base of its `/.well-known/openid-configuration`.',
    example: 'https://login.police-north.example/realms/staff',
  })
  @IsString()
  readonly issuer!: string;

  @JSONSchema({
    description: 'The claim carrying Accord roles (a dotted path for nested claims).',
    example: 'roles',
  })
  @IsString()
  readonly rolesClaim!: string;
}

/** Which OpenID issuers speak for an agency, and what its tokens may grant. */
export class AgencyTrustResponse implements AgencyTrust {
  @JSONSchema({ example: 'police-north' }) @IsString() readonly agency!: string;

  @Nullable({
    description: 'The agency’s name in the directory, where it has one.',
    example: 'North Police Restorative Team',
  })
  @IsString()
  readonly name?: string | null;

  @JSONSchema({
    description:
      '`inspectorate` may grant `auditor`; `platform` (the operator, configured) `auditor` and `admin`.',
  })
  @IsIn(TRUST_TIERS)
  readonly tier!: TrustTier;

  @ValidateNested({ each: true })
  @Type(() => TrustedIssuerResponse)
  readonly issuers!: readonly TrustedIssuerResponse[];
}
