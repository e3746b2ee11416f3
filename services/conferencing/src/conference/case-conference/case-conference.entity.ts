import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConferenceStatus, ConferenceView } from './case-conference.view';

/** One row per case conferencing has heard of; built from `conferencing.Conference-*` streams. */
@Entity({ name: 'case_conferences' })
export class CaseConferenceEntity implements ConferenceView {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  /** Stream version of the last event applied: the projection's idempotency guard. */
  @Column('integer') version!: number;
  @Column('text', { name: 'referring_agency' }) referringAgency!: string;
  @Column('text', { name: 'receiving_service' }) receivingService!: string;
  @Column('text', { name: 'offence_category' }) offenceCategory!: ConferenceView['offenceCategory'];
  @Column('text', { name: 'risk_level' }) riskLevel!: ConferenceView['riskLevel'];
  @Column('boolean', { name: 'specialist_facilitator' }) specialistFacilitator!: boolean;
  @Column('boolean', { name: 'safety_plan_required' }) safetyPlanRequired!: boolean;
  @Column('text') status!: ConferenceStatus;
  @Column('text', { name: 'facilitator_id', nullable: true }) facilitatorId!: string | null;
  @Column('jsonb', { name: 'facilitator_unavailable', nullable: true })
  facilitatorUnavailable!: ConferenceView['facilitatorUnavailable'];
  @Column('jsonb', { nullable: true }) conference!: ConferenceView['conference'];
  @Column('boolean', { name: 'safety_plan_recorded' }) safetyPlanRecorded!: boolean;
  @Column('jsonb', { nullable: true }) outcome!: ConferenceView['outcome'];
  @Column('jsonb', { name: 'last_cancellation', nullable: true })
  lastCancellation!: ConferenceView['lastCancellation'];
  @Column('jsonb', { nullable: true }) halt!: ConferenceView['halt'];
  @Column('timestamptz', { name: 'opened_at' }) openedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
