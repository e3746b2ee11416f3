import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Type,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { InjectEventStore, type EventStore } from '@accord/event-store';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../tokens';
import { projectionSchema, type HeardEvent, type Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** What a service's projection provider offers its command handlers besides the running runner. */
export interface ProjectionHostInstance extends OnApplicationBootstrap, BeforeApplicationShutdown {
  /**
   * Applies the stream's events now, one transaction each (read-your-writes after a command):
   * `all` of them, or only the `last` for projections that re-fold the stream up to the event.
   */
  applyStream(streamId: string, which: 'all' | 'last'): Promise<void>;
  /** Applies another service's event as heard on Kafka (`projection.heard`). */
  applyHeard(event: HeardEvent): Promise<void>;
}

/**
 * A Nest provider that runs `projection` for the service's lifetime (ProjectionRunner in the
 * schema of the service's DataSource, parked events counted in its metrics). Extend it:
 * `export class CaseConferenceProjector extends ProjectionHost(caseConferenceProjection) {}`.
 */
export function ProjectionHost(projection: Projection): Type<ProjectionHostInstance> & {
  new (store: EventStore, dataSource: DataSource, logger: Logger, metrics: Metrics): ProjectionHostInstance;
} {
  @Injectable()
  class Host implements ProjectionHostInstance {
    private readonly runner: ProjectionRunner;

    constructor(
      @InjectEventStore() private readonly store: EventStore,
      @InjectDataSource() private readonly dataSource: DataSource,
      @Inject(LOGGER) logger: Logger,
      metrics: Metrics,
    ) {
      this.runner = new ProjectionRunner(
        projection,
        store,
        dataSource,
        projectionSchema(dataSource.manager),
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

    async applyStream(streamId: string, which: 'all' | 'last'): Promise<void> {
      const events = await this.store.readStream(streamId);
      for (const event of which === 'all' ? events : events.slice(-1))
        await this.dataSource.transaction((manager) => projection.apply(event, manager, this.store));
    }

    async applyHeard(event: HeardEvent): Promise<void> {
      const heard = projection.heard;
      if (!heard) throw new Error(`projection ${projection.name} hears no other service's events`);
      await this.dataSource.transaction((manager) => heard.apply(event, manager));
    }
  }
  return Host;
}
