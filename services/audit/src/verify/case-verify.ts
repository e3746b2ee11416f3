import type { EventAudit, LogVerifyResult, VerifyFailure, VerifyFailureReason } from '@accord/event-store';
import { accessStreams, caseStreams, type CaseService } from '../case/case-streams';

/** The first link that does not hold, in words an auditor can act on. */
export interface BrokenLink {
  readonly stream: string | null;
  readonly version: number | null;
  readonly position: string | null;
  /** The event's id; null where no event is at hand (it was removed, or the break is in the seal). */
  readonly event: string | null;
  readonly reason: VerifyFailure['reason'];
  readonly expected: string;
  readonly found: string;
  readonly detail: string;
}

export const brokenLink = (failure: VerifyFailure): BrokenLink => ({
  stream: failure.streamId,
  version: failure.streamVersion,
  position: failure.globalPosition,
  event: failure.eventId,
  reason: failure.reason,
  expected: failure.expected,
  found: failure.found,
  detail: failure.detail,
});

export interface StreamVerification {
  readonly service: CaseService;
  readonly streamId: string;
  readonly intact: boolean;
  /** Events whose hash chain was checked (0: the stream does not exist). */
  readonly checked: number;
  /** Of those, how many the global seal covers so far. */
  readonly sealed: number | null;
}

export interface CaseVerification {
  readonly caseId: string;
  readonly intact: boolean;
  readonly streams: StreamVerification[];
  /** The first broken link in stream order (intake → follow-up), when any. */
  readonly broken: BrokenLink | null;
}

/**
 * Checks every stream of the case (its access log included): its hash chain, and that each sealed event is still the one
 * the seal recorded — so a stream that was deleted whole still shows up, as `event-missing`.
 */
export async function verifyCase(audit: EventAudit, caseId: string): Promise<CaseVerification> {
  const results = await Promise.all(
    [...caseStreams(caseId), ...accessStreams(caseId)].map(async ({ service, streamId }) => ({
      service,
      streamId,
      result: await audit.verifyStream(streamId),
    })),
  );
  const firstBroken = results.find(({ result }) => !result.intact)?.result;
  return {
    caseId,
    intact: firstBroken === undefined,
    streams: results.map(({ service, streamId, result }) => ({
      service,
      streamId,
      intact: result.intact,
      checked: result.checked,
      sealed: result.intact ? (result.sealed ?? null) : null,
    })),
    broken: firstBroken && !firstBroken.intact ? brokenLink(firstBroken) : null,
  };
}

/** Every break of the whole log: how many, the first ones, and where (per stream) and of which kind. */
export interface LogBreaks {
  readonly count: number;
  readonly first: BrokenLink[];
  readonly byStream: { readonly stream: string | null; readonly count: number }[];
  readonly byReason: { readonly reason: VerifyFailureReason; readonly count: number }[];
}

export type LogVerification =
  | { readonly intact: true; readonly checked: number; readonly sealed: number | null }
  | {
      readonly intact: false;
      readonly checked: number;
      readonly broken: BrokenLink;
      readonly breaks: LogBreaks;
    };

export const logVerification = (result: LogVerifyResult): LogVerification =>
  result.intact
    ? { intact: true, checked: result.checked, sealed: result.sealed ?? null }
    : {
        intact: false,
        checked: result.checked,
        broken: brokenLink(result),
        breaks: {
          count: result.breaks.count,
          first: result.breaks.first.map(brokenLink),
          byStream: result.breaks.byStream.map(({ streamId, count }) => ({ stream: streamId, count })),
          byReason: [...result.breaks.byReason],
        },
      };
