import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ProjectionHost,
  provideCommandRunner,
  provideDurableScheduler,
  provideProjectionHost,
} from '@accord/platform';
import { CaseConsentEntity } from './consent/case-consent/case-consent.entity';
import { CaseConsentHttpController } from './consent/case-consent/case-consent.http.controller';
import { caseConsentProjection } from './consent/case-consent/case-consent.projection';
import { consentWriteModel } from './consent/consent.stream';
import { ConsentTimers } from './consent/consent-timers/consent-timers';
import { ConsentInboxHttpController } from './consent/consent-inbox/consent-inbox.http.controller';
import { ConsentTimersHandler } from './consent/consent-timers/consent-timers.handler';
import { RecordConsentHandler } from './consent/record-consent/record-consent.handler';
import { RecordConsentHttpController } from './consent/record-consent/record-consent.http.controller';
import { RequestConsentsHandler } from './consent/request-consents/request-consents.handler';
import { RequestConsentsMessageController } from './consent/request-consents/request-consents.message.controller';
import { WithdrawConsentHandler } from './consent/withdraw-consent/withdraw-consent.handler';
import { WithdrawConsentHttpController } from './consent/withdraw-consent/withdraw-consent.http.controller';

/** The consent service's own slices register here. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseConsentEntity])],
  controllers: [
    RequestConsentsMessageController,
    RecordConsentHttpController,
    WithdrawConsentHttpController,
    CaseConsentHttpController,
    ConsentInboxHttpController,
  ],
  providers: [
    provideDurableScheduler('consent'),
    provideProjectionHost(caseConsentProjection),
    ConsentTimers,
    // Timers first: whoever reads a case back after a command finds its timers set.
    provideCommandRunner(consentWriteModel, ConsentTimers, ProjectionHost),
    ConsentTimersHandler,
    RequestConsentsHandler,
    RecordConsentHandler,
    WithdrawConsentHandler,
  ],
})
export class ConsentModule {}
