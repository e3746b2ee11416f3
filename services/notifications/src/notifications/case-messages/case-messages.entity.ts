import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageChannel, MessageTemplate } from '@accord/contracts';
import type { MessageStatus } from '@accord/notifications-domain';

/** One message as staff and auditors see it: by person id, never by address. */
export interface MessageView {
  readonly messageId: string;
  readonly personId: string;
  /** Set when it went to an agency's mailbox (a deadline reminder or escalation), not to a person. */
  readonly agency?: string;
  readonly template: MessageTemplate;
  readonly status: MessageStatus;
  readonly templateVersion?: number;
  readonly language?: string;
  readonly channel?: MessageChannel;
  readonly reason?: string;
  readonly queuedAt: string;
  readonly settledAt?: string;
}

/** Every message of a case. Rebuilt from `notifications.Notifications-*`; the dispatcher works from `sendable`. */
@Entity({ name: 'case_messages' })
export class CaseMessagesEntity {
  @PrimaryColumn('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text', { name: 'referring_agency', nullable: true }) referringAgency!: string | null;
  @Column('text', { name: 'receiving_service', nullable: true }) receivingService!: string | null;
  @Column('jsonb') messages!: MessageView[];
  /** Messages still queued. */
  @Column('int') pending!: number;
  /** Queued messages not waiting for an event of the case (a profile, contacts): the dispatcher's to-do list. */
  @Column('int') sendable!: number;
  @Column('text', { name: 'updated_at' }) updatedAt!: string;
  /** Version of the last event folded in: an older fold never overwrites a newer one. */
  @Column('int', { name: 'stream_version' }) version!: number;
}
