import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RuleOutcome, ScreeningOutcome, ScreeningRequirements } from '@accord/contracts';

/** One decision in a case's screening history (automatic, manual, re-screening). */
export interface ScreeningHistoryEntry {
  readonly outcome: ScreeningOutcome;
  readonly ruleSetVersion: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly overrides?: ScreeningOutcome;
  readonly reason?: string;
}

/** The current screening decision per case, and how it got there. Rebuilt from `screening.Screening-*`. */
@Entity({ name: 'case_screening' })
export class CaseScreeningEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'referring_agency' }) referringAgency!: string;
  @Column('text', { name: 'receiving_service' }) receivingService!: string;
  @Column('text') outcome!: ScreeningOutcome;
  @Column('text', { name: 'rule_set_version' }) ruleSetVersion!: string;
  @Column('jsonb') rules!: RuleOutcome[];
  @Column('jsonb') requirements!: ScreeningRequirements;
  @Column('text', { name: 'decided_by' }) decidedBy!: string;
  @Column('text', { name: 'decided_at' }) decidedAt!: string;
  @Column('text', { nullable: true }) overrides!: ScreeningOutcome | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('jsonb') history!: ScreeningHistoryEntry[];
  /** Version of the last event folded in: an older fold never overwrites a newer one. */
  @Column('int', { name: 'stream_version' }) version!: number;
}
