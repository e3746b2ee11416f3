import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { InjectEventStore, type EventStore, type RecordedEvent } from '@accord/event-store';
import { LOGGER, Metrics } from '@accord/platform';
import type { Logger } from 'pino';
import { ProjectionRunner, type Projection } from '@accord/platform';
import type { ConferenceEvent } from '@accord/conferencing-domain';
import { CONFERENCE_STREAM_PREFIX } from '../conference.stream';
import { CaseConferenceEntity } from './case-conference.entity';
import { nextView } from './case-conference.view';

export const caseConferenceProjection: Projection = {
  name: 'conferencing.case-conferences.v1',
  streamPrefix: CONFERENCE_STREAM_PREFIX,
  tables: [{ name: 'case_conferences' }],
  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(CaseConferenceEntity);
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string') return;
    const row = await repository.findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.version >= event.streamVersion) return;
    const view = nextView(
      row,
      { type: event.type, data: event.data } as unknown as ConferenceEvent,
      event.streamVersion,
      new Date(event.recordedAt),
    );
    if (view) await repository.save(repository.create(view));
  },
};

/** Runs the case-conference projection in every replica (it is idempotent per row). */
@Injectable()
export class CaseConferenceProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: ProjectionRunner;

  constructor(
    @InjectEventStore() store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    metrics: Metrics,
  ) {
    this.runner = new ProjectionRunner(
      caseConferenceProjection,
      store,
      dataSource,
      'conferencing',
      logger.child({ component: 'projection' }),
      metrics.projections,
    );
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
