import {
  compareGlobalPositions,
  type EventAudit,
  type EventStore,
  type RecordedEvent,
} from '@accord/event-store';
import { caseStreams, type CaseService } from './case-streams';

export interface CaseStreamEvents {
  readonly service: CaseService;
  readonly streamId: string;
  readonly events: readonly RecordedEvent[];
}

/** Reads a case from the event store: every service's stream of it, now (`readStream`) or as it was (`readStreamAsOf`). */
export class CaseReader {
  constructor(
    private readonly store: EventStore,
    private readonly audit: Pick<EventAudit, 'readStreamAsOf'>,
  ) {}

  /** Each stream of the case as it is now, or as it was at `asOf` (events recorded at or before it). */
  async streams(caseId: string, asOf?: Date): Promise<CaseStreamEvents[]> {
    return Promise.all(
      caseStreams(caseId).map(async ({ service, streamId }) => ({
        service,
        streamId,
        events: asOf
          ? await this.audit.readStreamAsOf(streamId, asOf)
          : await this.store.readStream(streamId),
      })),
    );
  }

  /** Every event of the case, from every service, in the log's global order. */
  async events(caseId: string): Promise<RecordedEvent[]> {
    const streams = await this.streams(caseId);
    return streams
      .flatMap((stream) => stream.events)
      .sort((a, b) => compareGlobalPositions(a.globalPosition, b.globalPosition));
  }

  /** Whether any service has ever written about the case (cheap: one event per stream at most). */
  async exists(caseId: string): Promise<boolean> {
    const firsts = await Promise.all(
      caseStreams(caseId).map(({ streamId }) => this.store.readStream(streamId, { toVersion: 0 })),
    );
    return firsts.some((events) => events.length > 0);
  }
}
