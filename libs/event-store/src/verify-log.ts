import type { MasterKey } from './crypto/key-store';
import type { SealPublicKey } from './crypto/seal-signing-key';
import type { StoredEvent } from './event-codec';
import type { AuditView } from './event-storage.port';
import type {
  LogVerifyResult,
  VerifyAllOptions,
  VerifyFailure,
  VerifyFailureReason,
  VerifyResult,
} from './event-store.port';
import { GENESIS_HASH, hashStoredEvent, sealHash } from './canonical';
import { globalPositionMinor, type GlobalPosition } from './global-position';
import { checkpointMessage, type SealCheckpoint, type SealLink } from './seal';
import { ChainWalker, progressReporter, verifyFailure, type ChainPosition } from './verify-chain';

/** What checks the signed checkpoints: the seal's public key (Ed25519), the master key (older HMAC rows). */
export interface CheckpointKeys {
  /** The current seal key's public half. */
  readonly sealPublicKey: SealPublicKey | undefined;
  /** Public halves of seal keys replaced by a rotation: checkpoints they signed still verify. */
  readonly retiredSealPublicKeys?: readonly SealPublicKey[];
  readonly masterKey: MasterKey | undefined;
}

/**
 * An event as a walk keeps it: its hash recomputed from its data and metadata as it is read, which
 * are then let go (a whole-log walk holds the log's stream heads, not its content).
 */
interface WalkedEvent extends ChainPosition {
  readonly globalPosition: GlobalPosition;
  readonly recomputedHash: string;
}

// Field by field, not a spread: this runs for every event of the log, and a spread is several times slower.
const walked = (event: StoredEvent): WalkedEvent => ({
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  eventId: event.eventId,
  prevHash: event.prevHash,
  hash: event.hash,
  globalPosition: event.globalPosition,
  recomputedHash: hashStoredEvent(event.prevHash, event),
});

const eventWalker = () => new ChainWalker<WalkedEvent>((event) => event.recomputedHash);

/** Checks one link of a chain; an event without a chain was not written through Accord. */
function checkLink(walker: ChainWalker<WalkedEvent>, event: WalkedEvent): VerifyFailure | null {
  if (!event.hash) {
    return verifyFailure(
      walker.checked,
      'unreadable',
      event,
      'an Accord hash chain',
      'none',
      `${event.streamId}@${event.streamVersion} was not written through the Accord event store`,
    );
  }
  return walker.check(event);
}

/** One stream's chain, and that each of its sealed events is still the one the seal recorded. */
export async function verifyStreamIn(view: AuditView, streamId: string): Promise<VerifyResult> {
  const walker = eventWalker();
  const byVersion = new Map<number, WalkedEvent>();
  for (const event of (await view.stream(streamId)).map(walked)) {
    const failure = checkLink(walker, event);
    if (failure) return failure;
    byVersion.set(event.streamVersion, event);
  }
  if (!view.seal) return { intact: true, checked: walker.checked };
  const links = await view.seal.streamLinks(streamId);
  for (const link of links) {
    const failure = checkSealAgainstEvent(walker.checked, link, byVersion.get(link.streamVersion));
    if (failure) return failure;
  }
  return { intact: true, checked: walker.checked, sealed: links.length };
}

function sealedAt(link: SealLink) {
  return { streamId: link.streamId, streamVersion: link.streamVersion, globalPosition: link.globalPosition };
}

function checkSealAgainstEvent(
  checked: number,
  link: SealLink,
  event: WalkedEvent | undefined,
): VerifyFailure | null {
  const at = sealedAt(link);
  if (!event) {
    return verifyFailure(
      checked,
      'event-missing',
      at,
      `event ${link.streamId}@${link.streamVersion} (hash ${link.eventHash})`,
      'nothing',
      `the seal records ${link.streamId}@${link.streamVersion}, but the event is gone: it was deleted`,
    );
  }
  if (event.globalPosition !== link.globalPosition || event.hash !== link.eventHash) {
    return verifyFailure(
      checked,
      'seal-mismatch',
      { ...at, eventId: event.eventId },
      `hash ${link.eventHash} at ${link.globalPosition}`,
      `hash ${event.hash} at ${event.globalPosition}`,
      `${link.streamId}@${link.streamVersion} is not the event that was sealed: it was replaced (with a recomputed chain) or moved`,
    );
  }
  return null;
}

/** Items of async pages with a one-item lookahead; awaits only when a page runs out. */
function lookahead<T>(pages: AsyncIterable<readonly T[]>): {
  peek(): Promise<T | undefined>;
  next(): void;
} {
  const iterator = pages[Symbol.asyncIterator]();
  let page: readonly T[] = [];
  let index = 0;
  let done = false;
  return {
    async peek() {
      while (index >= page.length && !done) {
        const result = await iterator.next();
        if (result.done) done = true;
        else [page, index] = [result.value, 0];
      }
      return page[index];
    },
    next() {
      index++;
    },
  };
}

/** Breaks as a walk finds them: all counted (in total and per stream and reason), the first few kept whole. */
class BreakTally {
  private count = 0;
  private readonly first: VerifyFailure[] = [];
  private readonly byStream = new Map<string | null, number>();
  private readonly byReason = new Map<VerifyFailureReason, number>();

  constructor(private readonly keep: number) {}

  add(failure: VerifyFailure | null): void {
    if (!failure) return;
    this.count++;
    if (this.first.length < this.keep) this.first.push(failure);
    this.byStream.set(failure.streamId, (this.byStream.get(failure.streamId) ?? 0) + 1);
    this.byReason.set(failure.reason, (this.byReason.get(failure.reason) ?? 0) + 1);
  }

  /** The verdict: intact, or the first break's fields with every event walked counted and all breaks. */
  result(checked: number, sealed: number | undefined): LogVerifyResult {
    const [head] = this.first;
    const mostFirst = <K>(counts: Map<K, number>) =>
      [...counts].sort(([, a], [, b]) => b - a).map(([key, count]) => ({ key, count }));
    if (!head) return sealed === undefined ? { intact: true, checked } : { intact: true, checked, sealed };
    return {
      ...head,
      checked,
      breaks: {
        count: this.count,
        first: this.first,
        byStream: mostFirst(this.byStream).map(({ key, count }) => ({ streamId: key, count })),
        byReason: mostFirst(this.byReason).map(({ key, count }) => ({ reason: key, count })),
      },
    };
  }
}

/**
 * Walks the whole log once in global order, checking at the same time every stream's chain and,
 * where the adapter keeps a seal, the global seal (which catches removed or re-inserted whole
 * streams, and removed newest events) and its signed checkpoints (which catch a seal recomputed by
 * someone without the signing key). It goes on past a break, resuming from what is stored, so the
 * verdict counts every break rather than only the first (a wrong key breaks every checkpoint).
 */
export async function verifyAllIn(
  view: AuditView,
  keys: CheckpointKeys,
  options?: VerifyAllOptions,
): Promise<LogVerifyResult> {
  const progress = progressReporter(options, options?.onProgress ? await view.count() : null);
  const checkpoints = view.seal ? await view.seal.checkpoints() : [];
  const sealEnd = view.seal ? await view.seal.end() : null;
  const seals = view.seal ? lookahead(view.seal.links()) : null;
  const events = lookahead(view.events(walked));
  const walker = eventWalker();
  const breaks = new BreakTally(Math.max(1, Math.floor(options?.listBreaks ?? 20)));
  let prevSeal = GENESIS_HASH;
  let expectedSeq = 1n;
  let checkpointIndex = 0;
  let sealed = 0;

  /**
   * One seal link, against the links before it, its event (undefined: removed) and its checkpoint.
   * True when the event is not the one sealed.
   */
  const consumeSeal = (link: SealLink, event: WalkedEvent | undefined): boolean => {
    if (link.seq !== expectedSeq) {
      // The removed links took the seal hash this one follows from: resume the chain at this link.
      breaks.add(
        verifyFailure(
          walker.checked,
          'seal-gap',
          sealedAt(link),
          `seal link ${expectedSeq}`,
          `seal link ${link.seq}`,
          `seal links ${expectedSeq} to ${link.seq - 1n} were removed`,
        ),
      );
    } else {
      const recomputed = sealHash(prevSeal, link.eventHash, globalPositionMinor(link.globalPosition));
      if (recomputed !== link.sealHash) {
        breaks.add(
          verifyFailure(
            walker.checked,
            'seal-mismatch',
            sealedAt(link),
            recomputed,
            link.sealHash,
            `seal link ${link.seq} does not follow from the links before it: the seal was edited`,
          ),
        );
      }
    }
    const replaced = checkSealAgainstEvent(walker.checked, link, event);
    breaks.add(replaced);
    if (!event) walker.passOver(link.streamId, link.streamVersion, link.eventHash);
    // Checkpoints over removed links were reported with the gap.
    while ((checkpoints[checkpointIndex]?.seq ?? Infinity) < link.seq) checkpointIndex++;
    const checkpoint = checkpoints[checkpointIndex];
    if (checkpoint && checkpoint.seq === link.seq) {
      breaks.add(checkCheckpoint(walker.checked, checkpoint, link, keys));
      checkpointIndex++;
    }
    prevSeal = link.sealHash;
    expectedSeq = link.seq + 1n;
    sealed++;
    return replaced !== null;
  };

  for (;;) {
    const event = await events.peek();
    if (!event) break;
    let sealNamedIt = false;
    if (seals && sealEnd && event.globalPosition <= sealEnd) {
      const link = await seals.peek();
      // A seal link before this event with no event of its own: that event was removed.
      if (link && link.globalPosition < event.globalPosition) {
        consumeSeal(link, undefined);
        seals.next();
        continue;
      }
      if (!link || link.globalPosition !== event.globalPosition) {
        breaks.add(
          verifyFailure(
            walker.checked,
            'unsealed-event',
            event,
            'no event here (the seal skips this position)',
            `event ${event.eventId}`,
            `${event.streamId}@${event.streamVersion} sits inside the sealed part of the log but was never sealed: it was inserted behind the store's back`,
          ),
        );
        sealNamedIt = true;
      } else {
        sealNamedIt = consumeSeal(link, event);
        seals.next();
      }
    }
    const failure = checkLink(walker, event);
    // One break per event: its chain is not reported again where the seal already named it.
    if (!sealNamedIt) breaks.add(failure);
    progress.step(walker.checked);
    events.next();
  }
  progress.done(walker.checked);
  if (!seals) return breaks.result(walker.checked, undefined);
  // Seal links past the last event: the log's tail was removed.
  for (let leftover = await seals.peek(); leftover; leftover = await seals.peek()) {
    consumeSeal(leftover, undefined);
    seals.next();
  }
  const unreached = checkpoints[checkpointIndex];
  if (unreached) {
    breaks.add(
      verifyFailure(
        walker.checked,
        'checkpoint-mismatch',
        { streamId: null, streamVersion: null, globalPosition: unreached.globalPosition },
        `seal link ${unreached.seq}`,
        `seal ends at link ${expectedSeq - 1n}`,
        `a signed checkpoint covers seal link ${unreached.seq}, but the seal ends before it: its tail was removed`,
      ),
    );
  }
  return breaks.result(walker.checked, sealed);
}

function checkCheckpoint(
  checked: number,
  checkpoint: SealCheckpoint,
  link: SealLink,
  { sealPublicKey, retiredSealPublicKeys = [], masterKey }: CheckpointKeys,
): VerifyFailure | null {
  const at: { streamId: string; streamVersion: number; globalPosition: GlobalPosition } = {
    ...sealedAt(link),
    globalPosition: checkpoint.globalPosition,
  };
  if (checkpoint.sealHash !== link.sealHash) {
    return verifyFailure(
      checked,
      'checkpoint-mismatch',
      at,
      checkpoint.sealHash,
      link.sealHash,
      `the seal at link ${link.seq} differs from the signed checkpoint: the seal was recomputed`,
    );
  }
  const message = checkpointMessage(checkpoint.seq, checkpoint.sealHash, checkpoint.globalPosition);
  const signedBy = checkpoint.signature
    ? `${checkpoint.algorithm ?? 'HMAC-SHA256'} signature by ${checkpoint.keyId ?? 'an unknown key'} that does not verify`
    : 'no signature';
  const forged = (expected: string, holder: string): VerifyFailure =>
    verifyFailure(
      checked,
      'checkpoint-signature-invalid',
      at,
      expected,
      signedBy,
      `seal checkpoint ${checkpoint.seq} is not signed by this store's ${holder}: it was forged or the key differs`,
    );
  if (checkpoint.algorithm === 'Ed25519' || (checkpoint.signature === null && sealPublicKey)) {
    // With the public key at hand every checkpoint must carry its signature: an unsigned one was
    // written without the key, or a signed one was stripped to pass a recomputed seal off.
    if (!sealPublicKey) return null;
    // Signed by the current key, or by one a rotation retired (each checkpoint names its signer).
    const signer = [sealPublicKey, ...retiredSealPublicKeys].find((key) => key.keyId === checkpoint.keyId);
    const valid =
      checkpoint.signature !== null && signer !== undefined && signer.verify(message, checkpoint.signature);
    return valid
      ? null
      : forged(
          `an Ed25519 signature by seal key ${[sealPublicKey, ...retiredSealPublicKeys].map((key) => key.keyId).join(' or ')}`,
          'seal key',
        );
  }
  // Written before migration 0003: HMAC-SHA256 under a key derived from the master key.
  if (checkpoint.signature === null || !masterKey) return null;
  const valid =
    checkpoint.keyId !== null && masterKey.verifySignature(message, checkpoint.signature, checkpoint.keyId);
  return valid
    ? null
    : forged(`an HMAC-SHA256 signature by master key ${masterKey.keyIds.join(' or ')}`, 'master key');
}
