import type { RecordedEvent } from '@accord/event-store';
import { traceIdOf } from '@accord/messaging';
import { serviceOfStream } from '../case/case-streams';

/** One event of a case's history, with its whole audit trail and where it came from. */
export interface HistoryEntry {
  readonly kind: 'event';
  readonly position: string;
  readonly service: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** When the store recorded it. */
  readonly recordedAt: string;
  /** When it happened in the world, as the command said. */
  readonly occurredAt: string | null;
  readonly actor: string | null;
  readonly agency: string | null;
  readonly onBehalfOf: string | null;
  readonly ruleVersion: string | null;
  readonly reason: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  /** The OpenTelemetry trace the event was decided in: an operator's way from a decision to its trace. */
  readonly traceId: string | null;
  /** The event of this case that led to this one (its id is this event's causationId). */
  readonly causedBy: string | null;
  /** Events of this case this one led to. */
  readonly causes: readonly string[];
  readonly data: unknown;
}

/**
 * The events of a case (any order) as its history: global order, with causation links. Links are
 * drawn over the whole case, so a filtered page still names causes that fall outside it.
 */
export function historyOf(events: readonly RecordedEvent[]): HistoryEntry[] {
  const ordered = [...events].sort((a, b) =>
    a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0,
  );
  const ids = new Set(ordered.map((event) => event.eventId));
  const causes = new Map<string, string[]>();
  for (const event of ordered) {
    const cause = event.metadata.causationId;
    if (cause && cause !== event.eventId && ids.has(cause))
      causes.set(cause, [...(causes.get(cause) ?? []), event.eventId]);
  }
  return ordered.map((event) => {
    const { metadata } = event;
    const causedBy =
      metadata.causationId && metadata.causationId !== event.eventId && ids.has(metadata.causationId)
        ? metadata.causationId
        : null;
    return {
      kind: 'event',
      position: event.globalPosition,
      service: serviceOfStream(event.streamId),
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      recordedAt: event.recordedAt,
      occurredAt: metadata.occurredAt ?? null,
      actor: metadata.actor ?? null,
      agency: metadata.agency ?? null,
      onBehalfOf: metadata.onBehalfOf ?? null,
      ruleVersion: metadata.ruleVersion ?? null,
      reason: metadata.reason ?? null,
      correlationId: metadata.correlationId ?? null,
      causationId: metadata.causationId ?? null,
      traceId: traceIdOf(metadata.traceparent) ?? null,
      causedBy,
      causes: causes.get(event.eventId) ?? [],
      data: event.data,
    };
  });
}

export interface HistoryFilter {
  readonly services?: readonly string[];
  readonly types?: readonly string[];
  readonly actor?: string;
  /** Inclusive bounds on `recordedAt`. */
  readonly from?: Date;
  readonly to?: Date;
}

export function filterHistory(entries: readonly HistoryEntry[], filter: HistoryFilter): HistoryEntry[] {
  const from = filter.from?.getTime();
  const to = filter.to?.getTime();
  return entries.filter((entry) => {
    if (filter.services && !filter.services.includes(entry.service)) return false;
    if (filter.types && !filter.types.includes(entry.type)) return false;
    if (filter.actor !== undefined && entry.actor !== filter.actor) return false;
    const at = Date.parse(entry.recordedAt);
    if (from !== undefined && at < from) return false;
    if (to !== undefined && at > to) return false;
    return true;
  });
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  readonly pages: number;
}

export function pageOf<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize;
  return {
    items: items.slice(start, start + pageSize),
    total: items.length,
    page,
    pageSize,
    pages: Math.ceil(items.length / pageSize),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every UUID in the case's event data: the people of the case are among them (person ids are
 * UUIDs wherever they appear), so their erasures can be found without knowing every event shape.
 */
export function uuidsIn(values: readonly unknown[]): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (UUID.test(node)) found.add(node.toLowerCase());
    } else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(walk);
  };
  values.forEach(walk);
  return [...found];
}
