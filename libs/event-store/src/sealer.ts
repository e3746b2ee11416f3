import type { SealSigningKey } from './crypto/seal-signing-key';
import { checkpointMessage, nextSealLink, type SealLink, type SealStorage, type SealWriter } from './seal';

export interface SealerOptions {
  /** Events sealed per pass (default 5000). */
  readonly batchSize?: number;
  /** Write a signed checkpoint after this many sealed events (default 1000)… */
  readonly checkpointEvery?: number;
  /** …or when this long has passed since the last one (default 10 s). */
  readonly checkpointIntervalMs?: number;
  /** Background pass interval for `start()` (default 1000 ms). */
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Told once, on `start()`, when there is no signing key (default console.warn). */
  readonly onWarning?: (message: string) => void;
}

export interface SealResult {
  readonly sealed: number;
  /** False when another sealer held the seal, so this one did nothing. */
  readonly acquired: boolean;
}

/**
 * Chains every settled event into one global seal (see docs/adr/0002), over any adapter that keeps
 * one (`SealStorage`). Only settled events are sealed, so the seal order is final: nothing can later
 * be read in front of it. One pass at a time: the adapter hands the seal to one pass (PostgreSQL: a
 * transaction-scoped advisory lock), so replicas may all run a sealer and a crashed one leaves no
 * stale lock behind.
 */
export class Sealer {
  private readonly batchSize: number;
  private readonly checkpointEvery: number;
  private readonly checkpointIntervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  private warned = false;

  constructor(
    private readonly storage: SealStorage,
    private readonly signingKey: SealSigningKey | undefined,
    private readonly options: SealerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 10_000;
  }

  /** Seals everything settled now; resolves when caught up. */
  async sealPending(options: { readonly forceCheckpoint?: boolean } = {}): Promise<SealResult> {
    let sealed = 0;
    for (;;) {
      const pass = await this.storage.inSealPass((writer) =>
        this.pass(writer, options.forceCheckpoint === true),
      );
      if (pass === null) return { sealed, acquired: sealed > 0 };
      sealed += pass;
      if (pass < this.batchSize) return { sealed, acquired: true };
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.signingKey && !this.warned) {
      this.warned = true;
      (this.options.onWarning ?? ((message) => console.warn(`[event-store] ${message}`)))(
        'no seal signing key (SEAL_SIGNING_KEY): seal checkpoints are written unsigned, so a seal recomputed by someone with database access cannot be told from the real one',
      );
    }
    const tick = (): void => {
      this.running = this.sealPending()
        .catch((error: unknown) =>
          (this.options.onError ?? ((e) => console.warn('[event-store] sealer pass failed', e)))(error),
        )
        .finally(() => {
          this.running = null;
          if (!this.stopped) {
            this.timer = setTimeout(tick, this.options.intervalMs ?? 1000);
            this.timer.unref();
          }
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One batch: the links after the last one, then a checkpoint when one is due. Returns how many were sealed. */
  private async pass(writer: SealWriter, forceCheckpoint: boolean): Promise<number> {
    const last = await writer.lastLink();
    const events = await writer.settledAfter(last?.globalPosition ?? null, this.batchSize);
    const links: SealLink[] = [];
    let tip = last;
    for (const event of events) {
      tip = nextSealLink(tip, event);
      links.push(tip);
    }
    if (links.length > 0) await writer.appendLinks(links);
    if (tip) await this.maybeCheckpoint(writer, tip, links.length, forceCheckpoint);
    return links.length;
  }

  private async maybeCheckpoint(
    writer: SealWriter,
    tip: SealLink,
    sealedNow: number,
    force: boolean,
  ): Promise<void> {
    const previous = await writer.lastCheckpoint();
    if (previous && previous.seq === tip.seq) return;
    const due =
      force ||
      (sealedNow > 0 &&
        (!previous ||
          tip.seq - previous.seq >= BigInt(this.checkpointEvery) ||
          previous.ageMs >= this.checkpointIntervalMs));
    if (!due) return;
    const key = this.signingKey;
    await writer.appendCheckpoint(
      {
        seq: tip.seq,
        sealHash: tip.sealHash,
        globalPosition: tip.globalPosition,
        keyId: key?.keyId ?? null,
        signature: key ? key.sign(checkpointMessage(tip.seq, tip.sealHash, tip.globalPosition)) : null,
        algorithm: key ? 'Ed25519' : null,
      },
      key?.publicKey.der ?? null,
    );
  }
}
