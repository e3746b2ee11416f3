import { GENESIS_HASH, hashEvent, type CanonicalEventFields } from './canonical';
import type { VerifyAllOptions, VerifyFailure, VerifyFailureReason } from './event-store.port';
import type { GlobalPosition } from './global-position';

/** Where a link sits and what it stored: all the walker reads of it besides its hash input. */
export interface ChainPosition {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly globalPosition: GlobalPosition | null;
}

/** A stored event as the verifier sees it: the data exactly as stored (ciphertext stays ciphertext). */
export interface ChainLink extends CanonicalEventFields, ChainPosition {}

/** Recomputes a parsed link's hash. */
export const hashChainLink = (link: ChainLink): string => hashEvent(link.prevHash, link);

export function verifyFailure(
  checked: number,
  reason: VerifyFailureReason,
  at: {
    readonly streamId: string | null;
    readonly streamVersion: number | null;
    readonly globalPosition: GlobalPosition | null;
    readonly eventId?: string;
  },
  expected: string,
  found: string,
  detail: string,
): VerifyFailure {
  return {
    intact: false,
    checked,
    reason,
    streamId: at.streamId,
    streamVersion: at.streamVersion,
    globalPosition: at.globalPosition,
    eventId: at.eventId ?? null,
    expected,
    found,
    detail,
  };
}

export interface StreamHead {
  version: number;
  hash: string;
}

/**
 * Walks per-stream hash chains. Links of one stream must arrive in version order; streams may
 * interleave (the global order keeps each stream's order, see docs/adr/0002). `hashOf` recomputes
 * a link's hash from its content (parsed, or as stored text).
 */
export class ChainWalker<Link extends ChainPosition = ChainLink> {
  readonly heads = new Map<string, StreamHead>();
  checked = 0;

  constructor(private readonly hashOf: (link: Link) => string) {}

  /**
   * Checks the next link of its stream. Broken or not, the link becomes the stream's head, so a walk
   * that goes on checks the links after it against what is stored, and one edit is one break.
   */
  check(link: Link): VerifyFailure | null {
    const head = this.heads.get(link.streamId);
    const failure = this.breakAt(link, head);
    // Updated in place: a whole-log walk holds a head per stream, and a new one per event would
    // outlive the young generation only to be garbage later.
    if (head) {
      head.version = link.streamVersion;
      head.hash = link.hash;
    } else this.heads.set(link.streamId, { version: link.streamVersion, hash: link.hash });
    this.checked++;
    return failure;
  }

  /** An event known only by its seal link (it was removed): the links after it chain from its hash. */
  passOver(streamId: string, version: number, hash: string): void {
    const head = this.heads.get(streamId);
    if (!head || head.version < version) this.heads.set(streamId, { version, hash });
  }

  private breakAt(link: Link, head: StreamHead | undefined): VerifyFailure | null {
    const expectedVersion = head ? head.version + 1 : 0;
    const expectedPrev = head ? head.hash : GENESIS_HASH;
    if (link.streamVersion !== expectedVersion) {
      return verifyFailure(
        this.checked,
        'version-gap',
        link,
        `version ${expectedVersion}`,
        `version ${link.streamVersion}`,
        link.streamVersion > expectedVersion
          ? `${link.streamId} jumps from version ${expectedVersion - 1} to ${link.streamVersion}: ${link.streamVersion - expectedVersion} event(s) were removed`
          : `${link.streamId} repeats or reorders version ${link.streamVersion}: events were moved or forged`,
      );
    }
    if (link.prevHash !== expectedPrev) {
      return verifyFailure(
        this.checked,
        'prev-hash-mismatch',
        link,
        expectedPrev,
        link.prevHash,
        `${link.streamId}@${link.streamVersion} does not point at the hash of the event before it: an event was replaced, removed or inserted`,
      );
    }
    const recomputed = this.hashOf(link);
    if (recomputed !== link.hash) {
      return verifyFailure(
        this.checked,
        'hash-mismatch',
        link,
        recomputed,
        link.hash,
        `${link.streamId}@${link.streamVersion} (event ${link.eventId}) was altered after it was written: its content no longer matches its hash`,
      );
    }
    return null;
  }
}

/** Calls `onProgress` every `progressEvery` checked events; `done` reports the final count once. */
export function progressReporter(
  options: VerifyAllOptions | undefined,
  total: number | null,
): { readonly step: (checked: number) => void; readonly done: (checked: number) => void } {
  const onProgress = options?.onProgress;
  if (!onProgress) return { step: () => undefined, done: () => undefined };
  const every = Math.max(1, Math.floor(options?.progressEvery ?? 1000));
  let last = -1;
  const report = (checked: number) => {
    if (checked === last) return;
    last = checked;
    onProgress({ checked, total });
  };
  return {
    step: (checked) => {
      if (checked % every === 0) report(checked);
    },
    done: report,
  };
}
