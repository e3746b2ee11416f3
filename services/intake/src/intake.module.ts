import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ProjectionHost,
  provideCommandRunner,
  provideDurableScheduler,
  provideProjectionHost,
} from '@accord/platform';
import { AgencyAdminHttpController } from './agency/agency-admin.http.controller';
import { AgencyDirectory } from './agency/agency-directory';
import { AgencyEntity } from './agency/agency.entity';
import { AgencyTrustDirectory } from './agency/agency-trust/agency-trust.directory';
import { AgencyTrustEntity } from './agency/agency-trust/agency-trust.entity';
import {
  DirectoryTrustHttpController,
  SetAgencyTrustHttpController,
} from './agency/agency-trust/agency-trust.http.controller';
import { agencyTrustProjection } from './agency/agency-trust/agency-trust.projection';
import { SetAgencyTrustHandler } from './agency/agency-trust/set-agency-trust.handler';
import type { IntakeConfig } from './intake.config';
import { Clock } from './intake.clock';
import { DeadlinePolicy } from './referral/response-deadline/deadline-policy';
import { ResponseDeadlineTimers } from './referral/response-deadline/response-deadline.timers';
import { ResponseDeadlineTimersHandler } from './referral/response-deadline/response-deadline-timers.handler';
import { AmendReferralHandler } from './referral/amend-referral/amend-referral.handler';
import { AmendReferralHttpController } from './referral/amend-referral/amend-referral.http.controller';
import { DecideReferralHandler } from './referral/decide-referral/decide-referral.handler';
import { DecideReferralHttpController } from './referral/decide-referral/decide-referral.http.controller';
import { ReferralChanges } from './referral/referral-changes/referral-changes';
import { ReferralChangesHttpController } from './referral/referral-changes/referral-changes.http.controller';
import { ReferralCaseEntity, TimelineEntryEntity } from './referral/referral-status/referral-status.entity';
import { ReferralStatusHttpController } from './referral/referral-status/referral-status.http.controller';
import { ReferralStatusMessageController } from './referral/referral-status/referral-status.message.controller';
import { referralStatusProjection } from './referral/referral-status/referral-status.projection';
import { referralWriteModel } from './referral/referral.stream';
import { SubmitReferralHandler } from './referral/submit-referral/submit-referral.handler';
import { SubmitReferralHttpController } from './referral/submit-referral/submit-referral.http.controller';

@Module({
  imports: [
    TypeOrmModule.forFeature([AgencyEntity, AgencyTrustEntity, ReferralCaseEntity, TimelineEntryEntity]),
  ],
  controllers: [
    SubmitReferralHttpController,
    DecideReferralHttpController,
    AmendReferralHttpController,
    // Before the status controller: `changes` is not a case id.
    ReferralChangesHttpController,
    ReferralStatusHttpController,
    ReferralStatusMessageController,
    AgencyAdminHttpController,
    SetAgencyTrustHttpController,
    DirectoryTrustHttpController,
  ],
  providers: [
    provideDurableScheduler('intake', (config: IntakeConfig) => config.INTAKE_TIMER_POLL_MS),
    Clock,
    DeadlinePolicy,
    AgencyDirectory,
    AgencyTrustDirectory,
    SetAgencyTrustHandler,
    SubmitReferralHandler,
    DecideReferralHandler,
    AmendReferralHandler,
    provideProjectionHost(referralStatusProjection, agencyTrustProjection),
    ResponseDeadlineTimers,
    // Timers first: whoever reads a referral back after a command finds its timers set.
    provideCommandRunner(referralWriteModel, ResponseDeadlineTimers, ProjectionHost),
    ResponseDeadlineTimersHandler,
    ReferralChanges,
  ],
})
export class IntakeModule {}
