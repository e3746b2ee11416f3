import { GENESIS_HASH, sealHash } from './canonical';
import { globalPositionMinor, type GlobalPosition } from './global-position';

/**
 * The global seal (docs/adr/0002): every settled event, in the log's final order, chained as
 * `seal_hash = SHA-256(prev_seal_hash ‖ event_hash ‖ position)`, with periodic signed checkpoints.
 * Adapters that keep a seal store these records; verification (verify-log.ts) checks them the
 * same way for every adapter.
 */
export interface SealLink {
  readonly seq: bigint;
  readonly globalPosition: GlobalPosition;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventHash: string;
  readonly sealHash: string;
}

export interface SealCheckpoint {
  readonly seq: bigint;
  readonly sealHash: string;
  readonly globalPosition: GlobalPosition;
  readonly keyId: string | null;
  readonly signature: Buffer | null;
  /** `Ed25519`; null with a signature: HMAC-SHA256 under the master key (rows before migration 0003). */
  readonly algorithm: 'Ed25519' | null;
}

/**
 * The message a seal checkpoint's signature covers (Ed25519 now, HMAC-SHA256 in rows written
 * before migration 0003). Change what it covers only with a new version (`v2`).
 */
export function checkpointMessage(sealSeq: bigint | string, sealHashHex: string, position: string): string {
  return `accord-seal-checkpoint:v1|${sealSeq.toString()}|${sealHashHex}|${position}`;
}

/** The link that seals `event` after `previous` (null: the first link). */
export function nextSealLink(
  previous: { readonly seq: bigint; readonly sealHash: string } | null,
  event: {
    readonly globalPosition: GlobalPosition;
    readonly streamId: string;
    readonly streamVersion: number;
    readonly hash: string;
  },
): SealLink {
  return {
    seq: (previous?.seq ?? 0n) + 1n,
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    eventHash: event.hash,
    sealHash: sealHash(
      previous?.sealHash ?? GENESIS_HASH,
      event.hash,
      globalPositionMinor(event.globalPosition),
    ),
  };
}

/** What a sealer chains: an event's place and hash. */
export interface SealableEvent {
  readonly globalPosition: GlobalPosition;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly hash: string;
}

/** One sealing pass's access to where an adapter keeps its seal. */
export interface SealWriter {
  lastLink(): Promise<SealLink | null>;
  /** Settled events after `after` (null: from the start) in the log's final order, at most `limit`. */
  settledAfter(after: GlobalPosition | null, limit: number): Promise<SealableEvent[]>;
  appendLinks(links: readonly SealLink[]): Promise<void>;
  /** The newest checkpoint's link and age; null: none yet. */
  lastCheckpoint(): Promise<{ readonly seq: bigint; readonly ageMs: number } | null>;
  /** `publicKey`: the signer's SPKI DER, kept beside the signature (null when unsigned). */
  appendCheckpoint(checkpoint: SealCheckpoint, publicKey: Buffer | null): Promise<void>;
}

/** Where an adapter keeps a seal (EventStorage.seal): the sealing layer (sealer.ts) does the rest. */
export interface SealStorage {
  /** Runs one pass with the seal to itself (one sealer at a time across processes); null: another holds it. */
  inSealPass<T>(work: (writer: SealWriter) => Promise<T>): Promise<T | null>;
}
