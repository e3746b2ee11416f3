import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectionHost, provideCommandRunner, provideProjectionHost, ServiceConfig } from '@accord/platform';
import { CaseMessagesEntity } from './notifications/case-messages/case-messages.entity';
import { CaseMessagesHttpController } from './notifications/case-messages/case-messages.http.controller';
import { caseMessagesProjection } from './notifications/case-messages/case-messages.projection';
import { CHANNEL_PROVIDERS, type MessageChannelProvider } from './notifications/dispatch/channel';
import { DispatchSignal } from './notifications/dispatch/dispatch-signal';
import { SmtpEmailChannel } from './notifications/dispatch/email.channel';
import { MessageDispatcher } from './notifications/dispatch/message-dispatcher';
import { PrintQueueLetterChannel, RecordingSmsChannel } from './notifications/dispatch/spool.channels';
import { notificationsWriteModel } from './notifications/notifications.stream';
import { QueueMessagesMessageController } from './notifications/queue-messages/queue-messages.message.controller';
import { RecordParticipantsMessageController } from './notifications/record-participants/record-participants.message.controller';
import { RecordWithdrawalMessageController } from './notifications/record-withdrawal/record-withdrawal.message.controller';
import { RemindAgencyMessageController } from './notifications/remind-agency/remind-agency.message.controller';
import type { NotificationsConfig } from './notifications.config';
import { CaseStageRecorder } from './webhooks/case-stage-recorder';
import { RecordStageMessageController } from './webhooks/record-stage/record-stage.message.controller';
import { WebhooksHttpController } from './webhooks/subscriptions/webhooks.http.controller';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookStore } from './webhooks/webhook-store';

/** The notifications service's own slices register here. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseMessagesEntity])],
  controllers: [
    RecordParticipantsMessageController,
    QueueMessagesMessageController,
    RecordWithdrawalMessageController,
    RemindAgencyMessageController,
    CaseMessagesHttpController,
    RecordStageMessageController,
    WebhooksHttpController,
  ],
  providers: [
    provideProjectionHost(caseMessagesProjection),
    DispatchSignal,
    provideCommandRunner(notificationsWriteModel, ProjectionHost, DispatchSignal),
    {
      provide: CHANNEL_PROVIDERS,
      useFactory: (config: NotificationsConfig): MessageChannelProvider[] => [
        new SmtpEmailChannel(config.NOTIFICATIONS_SMTP_URL, config.NOTIFICATIONS_MAIL_FROM),
        new RecordingSmsChannel(config.NOTIFICATIONS_SPOOL_DIR),
        new PrintQueueLetterChannel(config.NOTIFICATIONS_SPOOL_DIR),
      ],
      inject: [ServiceConfig],
    },
    MessageDispatcher,
    WebhookStore,
    WebhookDispatcher,
    CaseStageRecorder,
  ],
})
export class NotificationsModule {}
