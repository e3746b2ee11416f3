import { AsyncLocalStorage } from 'node:async_hooks';
import { isServiceName, type ServiceName } from '@accord/contracts';
import { isGlobalPosition, type GlobalPosition } from '@accord/event-store';

/**
 * The request and response header of read-your-writes across services. A write answers with the
 * positions in the log its published events took; a later request sends the token back, and the
 * service that needs those events waits (briefly) until it has heard them.
 */
export const CONSISTENCY_HEADER = 'Accord-Consistency';

/** One service's published events of one case, up to `position`. */
export interface ConsistencyPart {
  readonly service: ServiceName;
  readonly caseId: string;
  readonly position: GlobalPosition;
}

/** More parts than this is not a session's token any more. */
export const MAX_CONSISTENCY_PARTS = 64;

const PART = /^([a-z][a-z-]*):([0-9a-fA-F-]{36})@(\d{20}-\d{20})$/;

export type ParsedToken =
  | { readonly ok: true; readonly parts: readonly ConsistencyPart[] }
  | { readonly ok: false; readonly problem: string };

/** `<service>:<caseId>@<position>`, comma-separated; an empty header is an empty token. */
export function parseConsistencyToken(header: string): ParsedToken {
  const texts = header
    .split(',')
    .map((text) => text.trim())
    .filter(Boolean);
  if (texts.length > MAX_CONSISTENCY_PARTS)
    return {
      ok: false,
      problem: `holds ${texts.length} parts, more than ${MAX_CONSISTENCY_PARTS}: keep one token per case or journey`,
    };
  const parts: ConsistencyPart[] = [];
  for (const text of texts) {
    const match = PART.exec(text);
    const [, service, caseId, position] = match ?? [];
    if (!service || !caseId || !position || !isServiceName(service) || !isGlobalPosition(position))
      return {
        ok: false,
        problem: `must be what a response's ${CONSISTENCY_HEADER} header said (comma-separated <service>:<caseId>@<position>); "${text.slice(0, 20)}…" is not`,
      };
    parts.push({ service, caseId: caseId.toLowerCase(), position });
  }
  return { ok: true, parts: mergeConsistency(parts) };
}

/** The latest position of each service and case: what a caller holds after all of `tokens`. */
export function mergeConsistency(...tokens: ReadonlyArray<readonly ConsistencyPart[]>): ConsistencyPart[] {
  const latest = new Map<string, ConsistencyPart>();
  for (const part of tokens.flat()) {
    const key = `${part.service}:${part.caseId}`;
    const held = latest.get(key);
    if (!held || held.position < part.position) latest.set(key, part);
  }
  return [...latest.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, part]) => part);
}

export function formatConsistencyToken(parts: readonly ConsistencyPart[]): string {
  return parts.map((part) => `${part.service}:${part.caseId}@${part.position}`).join(',');
}

/** What the commands of the current request published, for its response's token. */
const written = new AsyncLocalStorage<ConsistencyPart[]>();

export function collectingWrites<T>(parts: ConsistencyPart[], work: () => T): T {
  return written.run(parts, work);
}

/** Notes a published event of the current request (no-op outside one: Kafka reactions, timers). */
export function noteWritten(part: ConsistencyPart): void {
  written.getStore()?.push(part);
}
