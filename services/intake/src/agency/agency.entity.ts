import { Column, Entity, PrimaryColumn } from 'typeorm';

export const AGENCY_KINDS = ['referrer', 'rj-service'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Reference data: who may refer, and to which RJ services. Seeded by a migration, kept by admins. */
@Entity({ name: 'agencies' })
export class AgencyEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: AgencyKind;
  @Column('text', { array: true, name: 'may_refer_to' }) mayReferTo!: string[];
  /** An RJ service's time to accept or decline a referral; null: the platform default. */
  @Column('integer', { name: 'response_working_days', nullable: true }) responseWorkingDays!: number | null;
  /** Where reminders of overdue referrals go (an organisational mailbox). */
  @Column('text', { name: 'contact_email', nullable: true }) contactEmail!: string | null;
  /** Who hears when an overdue referral is escalated. */
  @Column('text', { array: true, name: 'manager_emails' }) managerEmails!: string[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
