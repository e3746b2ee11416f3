import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectionHost, provideCommandRunner, provideProjectionHost } from '@accord/platform';
import { CaseScreeningEntity } from './screening/case-screening/case-screening.entity';
import { CaseScreeningHttpController } from './screening/case-screening/case-screening.http.controller';
import { caseScreeningProjection } from './screening/case-screening/case-screening.projection';
import { RecordManualDecisionHandler } from './screening/record-manual-decision/record-manual-decision.handler';
import { RecordManualDecisionHttpController } from './screening/record-manual-decision/record-manual-decision.http.controller';
import { ScreenCaseHandler } from './screening/screen-case/screen-case.handler';
import { ScreenCaseMessageController } from './screening/screen-case/screen-case.message.controller';
import { screeningWriteModel } from './screening/screening.stream';

/** The screening service's own slices register here. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseScreeningEntity])],
  controllers: [ScreenCaseMessageController, RecordManualDecisionHttpController, CaseScreeningHttpController],
  providers: [
    ScreenCaseHandler,
    RecordManualDecisionHandler,
    provideProjectionHost(caseScreeningProjection),
    provideCommandRunner(screeningWriteModel, ProjectionHost),
  ],
})
export class ScreeningModule {}
