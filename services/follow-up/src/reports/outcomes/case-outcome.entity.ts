import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseOutcome } from '@accord/contracts';
import type { CaseOutcomeView, Stage } from './case-outcome.view';

/** One row per case follow-up has heard of; built from `follow-up.FollowUp-*` streams. */
@Entity({ name: 'case_outcomes' })
export class CaseOutcomeEntity implements CaseOutcomeView {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  /** Stream version of the last event applied: the projection's idempotency guard. */
  @Column('integer') version!: number;
  @Column('text', { name: 'referring_agency', nullable: true }) referringAgency!: string | null;
  @Column('text', { name: 'receiving_service', nullable: true }) receivingService!: string | null;
  @Column('text', { name: 'offence_category', nullable: true }) offenceCategory!: string | null;
  @Column('text') stage!: Stage;
  @Column('text', { nullable: true }) outcome!: CaseOutcome | null;
  @Column('timestamptz', { name: 'opened_at' }) openedAt!: Date;
  @Column('timestamptz', { name: 'consents_completed_at', nullable: true }) consentsCompletedAt!: Date | null;
  @Column('timestamptz', { name: 'facilitator_assigned_at', nullable: true })
  facilitatorAssignedAt!: Date | null;
  @Column('timestamptz', { name: 'conference_scheduled_at', nullable: true })
  conferenceScheduledAt!: Date | null;
  @Column('timestamptz', { name: 'conference_held_at', nullable: true }) conferenceHeldAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('integer', { name: 'actions_total' }) actionsTotal!: number;
  @Column('integer', { name: 'actions_done' }) actionsDone!: number;
  @Column('integer', { name: 'actions_missed' }) actionsMissed!: number;
  @Column('integer', { name: 'actions_overdue' }) actionsOverdue!: number;
  @Column('integer', { name: 'check_ins_recorded' }) checkInsRecorded!: number;
  @Column('integer', { name: 'satisfaction_sum' }) satisfactionSum!: number;
  @Column('integer', { name: 'feeling_of_safety_sum' }) feelingOfSafetySum!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
