import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import {
  EVENT_STORE,
  type EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@accord/event-store';
import type { AfterCommand, CommandOutcome } from '../commands/command-runner';
import { Metrics } from '../metrics/metrics';
import { LOGGER } from '../tokens';
import { isTransientFailure } from './parked-events';
import { projectionSchema, type HeardEvent, type Projection, type ProjectionLog } from './projection';
import { ProjectionRunner } from './projection-runner';

/** The stream as a command left it, served from memory: what the command loaded, then what it appended. */
function loadedLog(streamId: string, events: readonly RecordedEvent[], store: EventStore): ProjectionLog {
  return {
    readStream: async (id: string, options: ReadStreamOptions = {}) => {
      if (id !== streamId) return store.readStream(id, options);
      const { fromVersion = 0, toVersion = Number.MAX_SAFE_INTEGER } = options;
      return events.filter((event) => event.streamVersion >= fromVersion && event.streamVersion <= toVersion);
    },
  };
}

/**
 * Runs a service's projections for its lifetime, one checkpointed ProjectionRunner each (in the
 * schema of the service's DataSource, parked events counted in its metrics): the runner catches
 * up from the checkpoint and follows the log, so whatever a crash left out is applied later.
 * After each command it also applies, at once, the events the command appended (read-your-writes:
 * the caller reads what it just did); a projection that re-folds its stream gets the stream as the
 * command loaded it, so a command reads its stream once.
 */
export class ProjectionHost implements AfterCommand, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ReadonlyMap<Projection, ProjectionRunner>;
  private readonly logger: Logger;

  constructor(
    private readonly projections: readonly Projection[],
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    logger: Logger,
    metrics: Metrics,
  ) {
    this.logger = logger.child({ component: 'projection' });
    const schema = projectionSchema(dataSource.manager);
    this.runners = new Map(
      projections.map((projection) => [
        projection,
        new ProjectionRunner(projection, store, dataSource, schema, this.logger, metrics.projections),
      ]),
    );
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners.values()) runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  async afterCommand({ streamId, history, newEvents, recorded }: CommandOutcome): Promise<void> {
    const following = this.projections.filter((projection) => streamId.startsWith(projection.streamPrefix));
    if (newEvents.length === 0 || following.length === 0) return;
    // Announced to each runner before anything else is awaited, so that a runner meeting one of
    // these events waits for this apply instead of applying it a second time.
    const outcomes = new Map<string, (applied: boolean) => void>();
    for (const projection of following)
      newEvents.forEach((event, index) => {
        if (projection.types && !projection.types.includes(event.type)) return;
        const version = history.length + index;
        const applied = new Promise<boolean>((settle) =>
          outcomes.set(`${projection.name}@${version}`, settle),
        );
        this.runners.get(projection)?.applyingAfterCommand(streamId, version, applied);
      });
    try {
      const appended =
        (await recorded?.()) ?? (await this.store.readStream(streamId, { fromVersion: history.length }));
      const log = loadedLog(streamId, [...history, ...appended], this.store);
      for (const projection of following)
        for (const event of appended)
          if (!projection.types || projection.types.includes(event.type))
            outcomes.get(`${projection.name}@${event.streamVersion}`)?.(
              await this.applyNow(projection, event, log),
            );
    } finally {
      for (const settle of outcomes.values()) settle(false);
    }
  }

  /**
   * The command is stored whatever happens here: a failure (a race with the runner inserting the
   * same new row, say) is retried once, then left to the runner, which applies every event anyway.
   * The database going away is different: the caller would read a read model without its own write
   * (a consumer would even record the message as heard), so that failure is passed on — a Kafka
   * reaction is redelivered (and its hooks run again as a duplicate), an HTTP caller gets 503.
   * True when the event's rows committed; false when it is left to the runner.
   */
  private async applyNow(projection: Projection, event: RecordedEvent, log: ProjectionLog): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.write(projection.oneStatement?.(event) === true, (manager) =>
          projection.apply(event, manager, log),
        );
        return true;
      } catch (error) {
        if (attempt < 2) continue;
        // A dropped connection or a restart is usually over within a few seconds: wait it out.
        if (isTransientFailure(error)) {
          if (attempt < 20) {
            await new Promise((resolveWait) => setTimeout(resolveWait, 250));
            continue;
          }
          throw error;
        }
        this.logger.warn(
          {
            projection: projection.name,
            streamId: event.streamId,
            streamVersion: event.streamVersion,
            err: error,
          },
          'could not apply a command’s event at once; the projection runner applies it from the log',
        );
        return false;
      }
    }
  }

  /** Applies another service's event as heard on Kafka to each projection that hears it. */
  async applyHeard(event: HeardEvent): Promise<void> {
    for (const projection of this.projections) {
      const heard = projection.heard;
      if (heard?.events.some((listened) => listened.name === event.name))
        await this.write(heard.oneStatement === true, (manager) => heard.apply(event, manager));
    }
  }

  /**
   * Runs `apply` in a transaction, or, when it is `oneStatement`, on a connection of its own
   * without one (the statement is atomic by itself). There a second statement is refused before it
   * is sent: a projection that claims one statement wrongly fails instead of half-applying.
   */
  private async write(
    oneStatement: boolean,
    apply: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    if (!oneStatement) return this.dataSource.transaction(apply);
    const runner = this.dataSource.createQueryRunner();
    const query = runner.query.bind(runner);
    let sent = 0;
    runner.query = ((...args: Parameters<typeof query>) =>
      ++sent > 1
        ? Promise.reject(new Error('a projection that claims one statement sent a second one'))
        : query(...args)) as typeof runner.query;
    try {
      await apply(runner.manager);
    } finally {
      await runner.release();
    }
  }
}

/** The service's `ProjectionHost` provider, running `projections`. */
export function provideProjectionHost(...projections: readonly Projection[]): Provider {
  return {
    provide: ProjectionHost,
    useFactory: (store: EventStore, dataSource: DataSource, logger: Logger, metrics: Metrics) =>
      new ProjectionHost(projections, store, dataSource, logger, metrics),
    inject: [EVENT_STORE, getDataSourceToken(), LOGGER, Metrics],
  };
}
