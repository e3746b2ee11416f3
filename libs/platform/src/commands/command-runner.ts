import type { Provider, Type } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError, isServiceName, uuidV5, type Command, type CommandMetadata } from '@accord/contracts';
import {
  domainEventOf,
  EVENT_STORE,
  parseStreamName,
  WrongExpectedVersion,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type StreamState,
} from '@accord/event-store';
import { inSpan, publishedContract, SpanKind } from '@accord/messaging';
import { noteWritten, type ConsistencyPart } from '../consistency/consistency-token';
import { LOGGER } from '../tokens';

export type AnyCommand = Command<string, { readonly caseId: string }>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any decider, whatever its types
type AnyDecider = Decider<any, any, any>;
export type CommandOf<D> = D extends Decider<infer C, DomainEvent, unknown> ? C : never;
export type EventOf<D> = D extends Decider<AnyCommand, infer E, unknown> ? E : never;
export type StateOf<D> = D extends Decider<AnyCommand, DomainEvent, infer S> ? S : never;

/** A service's write side: its decider, and the stream that holds a case's events. */
export interface WriteModel<D extends AnyDecider> {
  readonly decider: D;
  readonly stream: (caseId: string) => string;
}

/** What one command did: what the hooks after it and the caller answering it need. */
export interface CommandOutcome<D extends AnyDecider = AnyDecider> {
  readonly command: CommandOf<D>;
  readonly streamId: string;
  /** Events decided and appended now: none when nothing was decided or the cause was handled before. */
  readonly newEvents: readonly EventOf<D>[];
  /** State after `newEvents`. */
  readonly state: StateOf<D>;
  /** The stream as loaded before deciding. */
  readonly history: readonly RecordedEvent[];
  /** Version of the stream after the command. */
  readonly version: StreamState;
  /** True when the stream already held events caused by this command's cause (a redelivery). */
  readonly duplicate: boolean;
  /** `newEvents` as stored, where the store has them at hand without reading them back. */
  readonly recorded?: () => Promise<RecordedEvent[]>;
}

/**
 * Something that follows every command of a service: its read models (read-your-writes), its
 * timers. It runs after a duplicate too, so a crash between the append and the hook heals on the
 * redelivery; it must be idempotent.
 */
export interface AfterCommand<D extends AnyDecider = AnyDecider> {
  afterCommand(outcome: CommandOutcome<D>): Promise<void>;
}

export interface RunOptions {
  /**
   * A reaction to a message that may come late: a domain conflict (the case was halted or closed
   * meanwhile) is logged and the message acknowledged, instead of retried and dead-lettered.
   */
  readonly acknowledgeConflict?: boolean;
}

/** Times a command is decided again on newer state when another writer appended first. */
const RETRIES_ON_CONFLICT = 3;

/** The audit trail a command leaves on each event it appends. */
export function eventMetadata(metadata: CommandMetadata): EventMetadata {
  const { actor, now, ...rest } = metadata;
  return {
    ...(Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Omit<
      CommandMetadata,
      'actor' | 'now'
    >),
    actor: actor.id,
    occurredAt: now,
  };
}

/**
 * The one way a command runs, whether it comes over HTTP, from Kafka or from a timer: load the
 * case's stream, fold `evolve`, `decide`, append with the expected version (deciding again on newer
 * state when another writer came first), then the service's hooks. Each cause is handled once per
 * stream: the appended events' ids derive from the stream, the cause and the position, and a cause
 * the stream already holds decides nothing, so a redelivered event or a re-fired timer appends nothing new.
 */
export class CommandRunner<D extends AnyDecider> {
  constructor(
    private readonly model: WriteModel<D>,
    private readonly store: EventStore,
    private readonly hooks: readonly AfterCommand<D>[],
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  async run(command: CommandOf<D>, options: RunOptions = {}): Promise<CommandOutcome<D>> {
    // The command's span is a child of what sent it (the HTTP request, the consumed event); the
    // events it appends carry its traceparent, so the next service's work hangs below it.
    return inSpan(
      `command ${command.type}`,
      SpanKind.INTERNAL,
      command.metadata.traceparent,
      { 'accord.command': command.type, 'accord.case_id': command.data.caseId },
      (traceparent) =>
        this.decideAndAppend(
          traceparent ? { ...command, metadata: { ...command.metadata, traceparent } } : command,
          options,
        ),
    );
  }

  private async decideAndAppend(command: CommandOf<D>, options: RunOptions): Promise<CommandOutcome<D>> {
    const streamId = this.model.stream(command.data.caseId);
    const metadata = eventMetadata(command.metadata);
    const { decider } = this.model;
    for (let attempt = 0; ; attempt++) {
      const history = await this.store.readStream(streamId);
      const last = history[history.length - 1];
      const loadedVersion: StreamState = last ? last.streamVersion : 'no-stream';
      const state = history.reduce<StateOf<D>>(
        (current, event) => decider.evolve(current, domainEventOf(event)),
        decider.initialState,
      );
      const outcome = { command, streamId, history, state, version: loadedVersion, newEvents: [] };
      if (history.some((event) => event.metadata.causationId === metadata.causationId)) {
        return this.after({ ...outcome, duplicate: true });
      }
      let decided: EventOf<D>[];
      try {
        decided = decider.decide(command, state);
      } catch (error) {
        if (options.acknowledgeConflict && error instanceof DomainError && error.kind === 'conflict') {
          this.logger.warn(
            { caseId: command.data.caseId, command: command.type, code: error.code },
            `${command.type} not decided: ${error.message}`,
          );
          return { ...outcome, duplicate: false };
        }
        throw error;
      }
      if (decided.length === 0) return this.after({ ...outcome, duplicate: false });
      try {
        const appended = await inSpan(
          'event-store append',
          SpanKind.CLIENT,
          metadata.traceparent,
          { 'accord.stream': streamId, 'accord.events': decided.map((event) => event.type).join(',') },
          () =>
            this.store.appendToStream(
              streamId,
              decided.map((event, index) => ({
                eventId: uuidV5(`${streamId}/${metadata.causationId}/${index}`),
                type: event.type,
                schemaVersion: event.schemaVersion ?? 1,
                data: event.data,
                metadata,
              })),
              { expectedVersion: loadedVersion },
            ),
        );
        this.noteWritten(command.data.caseId, [
          ...history,
          ...decided.map((event, index) => ({
            type: event.type,
            schemaVersion: event.schemaVersion ?? 1,
            globalPosition: appended.positions[index] as GlobalPosition,
          })),
        ]);
        return this.after({
          ...outcome,
          newEvents: decided,
          state: decided.reduce<StateOf<D>>(decider.evolve, state),
          version: appended.nextExpectedVersion,
          duplicate: false,
          ...(appended.recorded ? { recorded: appended.recorded } : {}),
        });
      } catch (error) {
        if (error instanceof WrongExpectedVersion && attempt < RETRIES_ON_CONFLICT) continue;
        throw error;
      }
    }
  }

  /**
   * Where the case's last published event of this service's stream sits in the log: what a read of
   * the case answers as its consistency token, so a caller can wait for the reactions it causes.
   */
  async publishedPosition(caseId: string): Promise<ConsistencyPart | undefined> {
    return this.lastPublished(caseId, await this.store.readStream(this.model.stream(caseId)));
  }

  private lastPublished(
    caseId: string,
    events: ReadonlyArray<Pick<RecordedEvent, 'type' | 'schemaVersion' | 'globalPosition'>>,
  ): ConsistencyPart | undefined {
    const { service } = parseStreamName(this.model.stream(caseId));
    if (!isServiceName(service)) return undefined;
    const last = events.findLast((event) => publishedContract(service, event) !== undefined);
    return last ? { service, caseId: caseId.toLowerCase(), position: last.globalPosition } : undefined;
  }

  /** Tells the current request (if any) the case's last published position, for its response's token. */
  private noteWritten(
    caseId: string,
    events: ReadonlyArray<Pick<RecordedEvent, 'type' | 'schemaVersion' | 'globalPosition'>>,
  ): void {
    const part = this.lastPublished(caseId, events);
    if (part) noteWritten(part);
  }

  private async after(outcome: CommandOutcome<D>): Promise<CommandOutcome<D>> {
    if (outcome.newEvents.length === 0) this.noteWritten(outcome.command.data.caseId, outcome.history);
    for (const hook of this.hooks) await hook.afterCommand(outcome);
    return outcome;
  }
}

/**
 * The service's `CommandRunner` provider: its write model, and the providers that follow each
 * command (`AfterCommand`), in order.
 */
export function provideCommandRunner<D extends AnyDecider>(
  model: WriteModel<D>,
  ...hooks: Type<AfterCommand<D>>[]
): Provider {
  return {
    provide: CommandRunner,
    useFactory: (store: EventStore, logger: Logger, ...after: AfterCommand<D>[]) =>
      new CommandRunner(model, store, after, logger.child({ component: 'commands' })),
    inject: [EVENT_STORE, LOGGER, ...hooks],
  };
}
