import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per referral: what the inbox and outbox list, and who may see the case. */
@Entity({ name: 'referral_cases' })
@Index('referral_cases_referring_idx', ['referringAgency', 'submittedAt'])
@Index('referral_cases_receiving_idx', ['receivingService', 'submittedAt'])
export class ReferralCaseEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'referring_agency' }) referringAgency!: string;
  @Column('text', { name: 'receiving_service' }) receivingService!: string;
  @Column('text', { name: 'referrer_reference' }) referrerReference!: string;
  @Column('text', { name: 'offence_category' }) offenceCategory!: string;
  @Column('text') status!: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  /** When the receiving service must have accepted or declined (null: submitted before deadlines). */
  @Column('timestamptz', { name: 'respond_by', nullable: true }) respondBy!: Date | null;
  @Column('timestamptz', { name: 'overdue_at', nullable: true }) overdueAt!: Date | null;
  @Column('timestamptz', { name: 'escalated_at', nullable: true }) escalatedAt!: Date | null;
}

/**
 * One row per event that moved the case, from intake's own streams or another service's topic.
 * Keyed by event id, so a redelivered message or a replayed projection adds nothing. Rows may
 * arrive before their case row (they are kept, and shown once the case is known).
 */
@Entity({ name: 'referral_timeline' })
@Index('referral_timeline_case_idx', ['caseId', 'at'])
export class TimelineEntryEntity {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('bigint', { generated: 'increment' }) seq!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') status!: string;
  @Column('text', { name: 'event_type' }) eventType!: string;
  /** What the receiving service (and auditors) see. */
  @Column('jsonb') detail!: Record<string, unknown>;
  /** What the referring agency sees: outcome and status, never consent or screening details. */
  @Column('jsonb', { name: 'referrer_detail' }) referrerDetail!: Record<string, unknown>;
}
