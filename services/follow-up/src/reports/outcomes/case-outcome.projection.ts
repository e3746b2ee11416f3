import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { InjectEventStore, type EventStore, type RecordedEvent } from '@accord/event-store';
import { LOGGER, Metrics } from '@accord/platform';
import { ProjectionRunner, type Projection } from '@accord/platform';
import type { FollowUpEvent } from '@accord/follow-up-domain';
import { FOLLOW_UP_STREAM_PREFIX } from '../../follow-up/follow-up.stream';
import { CaseOutcomeEntity } from './case-outcome.entity';
import { nextOutcomeView } from './case-outcome.view';

export const caseOutcomeProjection: Projection = {
  name: 'follow-up.case-outcomes.v1',
  streamPrefix: FOLLOW_UP_STREAM_PREFIX,
  tables: [{ name: 'case_outcomes' }],
  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(CaseOutcomeEntity);
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string') return;
    const row = await repository.findOne({ where: { caseId }, lock: { mode: 'pessimistic_write' } });
    if (row && row.version >= event.streamVersion) return;
    const view = nextOutcomeView(
      row,
      { type: event.type, data: event.data } as unknown as FollowUpEvent,
      event.streamVersion,
      new Date(event.recordedAt),
    );
    await repository.save(repository.create(view));
  },
};

/** Runs the outcomes projection in every replica (it is idempotent per row). */
@Injectable()
export class CaseOutcomeProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: ProjectionRunner;

  constructor(
    @InjectEventStore() store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    metrics: Metrics,
  ) {
    this.runner = new ProjectionRunner(
      caseOutcomeProjection,
      store,
      dataSource,
      'follow_up',
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
