import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TrustedIssuer, TrustTier } from '@accord/contracts';

/** The trusted-issuer read model: one row per agency, from its `intake.AgencyTrust-…` stream. */
@Entity({ name: 'agency_trust' })
export class AgencyTrustEntity {
  @PrimaryColumn('text', { name: 'agency_id' }) agencyId!: string;
  @Column('text') tier!: Exclude<TrustTier, 'platform'>;
  @Column('jsonb') issuers!: TrustedIssuer[];
  @Column('integer', { name: 'stream_version' }) streamVersion!: number;
}
