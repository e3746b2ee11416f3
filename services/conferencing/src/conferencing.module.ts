import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssignFacilitatorHandler } from './conference/assign-facilitator/assign-facilitator.handler';
import { AssignFacilitatorHttpController } from './conference/assign-facilitator/assign-facilitator.http.controller';
import { CancelConferenceHandler } from './conference/cancel-conference/cancel-conference.handler';
import { CancelConferenceHttpController } from './conference/cancel-conference/cancel-conference.http.controller';
import { CaseConferenceEntity } from './conference/case-conference/case-conference.entity';
import { CaseConferenceHttpController } from './conference/case-conference/case-conference.http.controller';
import { caseConferenceProjection } from './conference/case-conference/case-conference.projection';
import { conferenceWriteModel } from './conference/conference.stream';
import { CaseHaltedMessageController } from './conference/halt-case/case-halted.message.controller';
import { HaltCaseHandler } from './conference/halt-case/halt-case.handler';
import { RecordOutcomeHandler } from './conference/record-outcome/record-outcome.handler';
import { RecordOutcomeHttpController } from './conference/record-outcome/record-outcome.http.controller';
import { ScheduleConferenceHandler } from './conference/schedule-conference/schedule-conference.handler';
import { ScheduleConferenceHttpController } from './conference/schedule-conference/schedule-conference.http.controller';
import { ConsentsCompleteMessageController } from './conference/start-conferencing/consents-complete.message.controller';
import { StartConferencingHandler } from './conference/start-conferencing/start-conferencing.handler';
import { FacilitatorEntity } from './facilitators/facilitator.entity';
import { FacilitatorDirectory } from './facilitators/facilitator-directory';
import { FacilitatorsHttpController } from './facilitators/facilitators.http.controller';
import {
  ProjectionCheckpointEntity,
  ProjectionHost,
  provideCommandRunner,
  provideProjectionHost,
} from '@accord/platform';

export const CONFERENCING_ENTITIES = [FacilitatorEntity, CaseConferenceEntity, ProjectionCheckpointEntity];

/** The conferencing service's own slices register here. */
@Module({
  imports: [TypeOrmModule.forFeature(CONFERENCING_ENTITIES)],
  controllers: [
    ConsentsCompleteMessageController,
    CaseHaltedMessageController,
    AssignFacilitatorHttpController,
    ScheduleConferenceHttpController,
    RecordOutcomeHttpController,
    CancelConferenceHttpController,
    CaseConferenceHttpController,
    FacilitatorsHttpController,
  ],
  providers: [
    FacilitatorDirectory,
    StartConferencingHandler,
    HaltCaseHandler,
    AssignFacilitatorHandler,
    ScheduleConferenceHandler,
    RecordOutcomeHandler,
    CancelConferenceHandler,
    provideProjectionHost(caseConferenceProjection),
    // The read model follows each command at once too (read-your-writes: the caller reads the
    // agreed actions it just recorded).
    provideCommandRunner(conferenceWriteModel, ProjectionHost),
  ],
})
export class ConferencingModule {}
