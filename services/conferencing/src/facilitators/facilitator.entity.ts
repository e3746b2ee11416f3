import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Accreditation } from '@accord/conferencing-domain';

/** Reference data: the facilitators of each RJ service. Seeded by a migration, kept by admins. */
@Entity({ name: 'facilitators' })
export class FacilitatorEntity {
  /** Each RJ service's own: one service taking an id never stops another from using it. */
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  /** The RJ service they facilitate for; only its admins manage them, only its cases go to them. */
  @PrimaryColumn('text') service!: string;
  @Column('text', { name: 'home_agency' }) homeAgency!: string;
  @Column('text') accreditation!: Accreditation;
  @Column('text', { array: true }) languages!: string[];
  @Column('text') region!: string;
  @Column('integer', { name: 'max_caseload' }) maxCaseload!: number;
  @Column('boolean') active!: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
