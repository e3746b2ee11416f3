import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ProjectionCheckpointEntity,
  ProjectionHost,
  provideCommandRunner,
  provideDurableScheduler,
  provideProjectionHost,
} from '@accord/platform';
import type { FollowUpConfig } from './follow-up.config';
import { CloseCaseHandler } from './follow-up/close-case/close-case.handler';
import { CloseCaseHttpController } from './follow-up/close-case/close-case.http.controller';
import { NoAgreementMessageController } from './follow-up/close-without-agreement/no-agreement.message.controller';
import { followUpWriteModel } from './follow-up/follow-up.stream';
import { CaseHaltedMessageController } from './follow-up/halt-case/case-halted.message.controller';
import { ConferencingMilestonesMessageController } from './follow-up/note-milestone/conferencing-milestones.message.controller';
import { RecordCheckInHandler } from './follow-up/record-check-in/record-check-in.handler';
import { RecordCheckInHttpController } from './follow-up/record-check-in/record-check-in.http.controller';
import { ConsentsCompleteMessageController } from './follow-up/register-case/consents-complete.message.controller';
import { ResolveActionHandler } from './follow-up/resolve-action/resolve-action.handler';
import { ResolveActionHttpController } from './follow-up/resolve-action/resolve-action.http.controller';
import { AgreementReachedMessageController } from './follow-up/start-follow-up/agreement-reached.message.controller';
import { FollowUpTimers } from './follow-up/timers/follow-up-timers';
import { TimerAlignment } from './follow-up/timers/timer-alignment';
import { CaseOutcomeEntity } from './reports/outcomes/case-outcome.entity';
import { caseOutcomeProjection } from './reports/outcomes/case-outcome.projection';
import { OutcomesReportHttpController } from './reports/outcomes/outcomes-report.http.controller';

export const FOLLOW_UP_ENTITIES = [CaseOutcomeEntity, ProjectionCheckpointEntity];

/** The follow-up service's own slices register here. */
@Module({
  imports: [TypeOrmModule.forFeature(FOLLOW_UP_ENTITIES)],
  controllers: [
    ConsentsCompleteMessageController,
    ConferencingMilestonesMessageController,
    AgreementReachedMessageController,
    NoAgreementMessageController,
    CaseHaltedMessageController,
    ResolveActionHttpController,
    RecordCheckInHttpController,
    CloseCaseHttpController,
    OutcomesReportHttpController,
  ],
  providers: [
    provideDurableScheduler('follow-up', (config: FollowUpConfig) => config.FOLLOW_UP_TIMER_POLL_MS),
    provideProjectionHost(caseOutcomeProjection),
    TimerAlignment,
    // The outcomes read model is written right after each command too, so it has a closure before
    // anyone hears of it (the referrer's status, the reports page) and not only when the runner catches up.
    provideCommandRunner(followUpWriteModel, TimerAlignment, ProjectionHost),
    FollowUpTimers,
    ResolveActionHandler,
    RecordCheckInHandler,
    CloseCaseHandler,
  ],
})
export class FollowUpModule {}
