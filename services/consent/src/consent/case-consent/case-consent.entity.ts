import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ConsentMethod, ConsentPurpose, HaltReason, ParticipantRole } from '@accord/contracts';
import type { ConsentStatus, OutstandingConsent } from '@accord/consent-domain';

export type CaseConsentStatus = 'requested' | 'complete' | 'halted';

export interface ParticipantConsentView {
  readonly purpose: ConsentPurpose;
  readonly status: ConsentStatus;
  readonly method: ConsentMethod;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly agency?: string;
  readonly information?: readonly string[];
}

export interface ParticipantView {
  readonly personId: string;
  readonly role: ParticipantRole;
  /** Their participation consent is needed before conferencing. */
  readonly required: boolean;
  readonly onBehalfOf?: readonly string[];
  /** `requested` until they answer; otherwise their latest answer. */
  readonly participation: 'requested' | 'not-requested' | ConsentStatus;
  readonly consents: readonly ParticipantConsentView[];
}

/** Sharing in force: what one person agreed to share with one agency. */
export interface SharingView {
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly agency: string;
  readonly information: readonly string[];
  readonly consentedAt: string;
}

/** Consent per case, per participant and purpose. Rebuilt from `consent.Consent-*`. */
@Entity({ name: 'case_consent' })
export class CaseConsentEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'referring_agency' }) referringAgency!: string;
  @Column('text', { name: 'receiving_service' }) receivingService!: string;
  @Column('text') status!: CaseConsentStatus;
  @Column('text', { name: 'halt_reason', nullable: true }) haltReason!: HaltReason | null;
  @Column('text', { name: 'halted_at', nullable: true }) haltedAt!: string | null;
  @Column('text', { name: 'opened_at' }) openedAt!: string;
  @Column('text', { name: 'due_at' }) dueAt!: string;
  @Column('text', { name: 'reminded_at', nullable: true }) remindedAt!: string | null;
  @Column('text', { name: 'completed_at', nullable: true }) completedAt!: string | null;
  @Column('jsonb') participants!: ParticipantView[];
  @Column('jsonb') outstanding!: OutstandingConsent[];
  @Column('jsonb', { name: 'guardians_needed' }) guardiansNeeded!: string[];
  @Column('jsonb') sharing!: SharingView[];
  /** Version of the last event folded in: an older fold never overwrites a newer one. */
  @Column('int', { name: 'stream_version' }) version!: number;
}
