export interface PersonKeyCacheOptions {
  /** How long a key is served from memory at most (default 30 s): the backstop should a notice go astray. */
  readonly ttlMs?: number;
  /** Keys held at most (default 20,000); the oldest go first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * Person keys (unwrapped) remembered between reads, so that loading a case does not ask the database
 * for its people's keys every time. Erasure must still take effect everywhere at once, so the
 * cache serves keys only while it is told of every erasure: the owner calls `live(true)` once it
 * listens for erasure notices and `live(false)` whenever it stops (which forgets everything), and
 * `erased(id)` for each notice. A lookup that was in flight when a notice came is not
 * remembered (`epoch`), so a key read just before an erasure committed is not kept after it.
 * A master-key rotation re-wraps a key without changing it, so it needs no notice.
 */
export class PersonKeyCache<Key = Buffer> {
  private readonly keys = new Map<string, { readonly key: Key; readonly until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private listening = false;
  private erasures = 0;

  constructor(options: PersonKeyCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  /** Changes whenever a remembered key may have become stale: take it before a lookup, give it to `remember`. */
  get epoch(): number {
    return this.erasures;
  }

  get size(): number {
    return this.keys.size;
  }

  live(listening: boolean): void {
    if (!listening) this.forgetAll();
    this.listening = listening;
  }

  erased(personId: string): void {
    this.erasures++;
    this.keys.delete(personId);
  }

  forgetAll(): void {
    this.erasures++;
    this.keys.clear();
  }

  /** The remembered keys of `personIds`, and the ids still to look up. */
  recall(personIds: readonly string[]): { found: Map<string, Key>; missing: string[] } {
    const found = new Map<string, Key>();
    if (!this.listening) return { found, missing: [...personIds] };
    const missing: string[] = [];
    const now = this.now();
    for (const id of personIds) {
      const entry = this.keys.get(id);
      if (entry && entry.until > now) found.set(id, entry.key);
      else {
        if (entry) this.keys.delete(id);
        missing.push(id);
      }
    }
    return { found, missing };
  }

  /** Remembers keys looked up since `epoch`, unless an erasure (or a lost connection) came meanwhile. */
  remember(keys: ReadonlyMap<string, Key | null>, epoch: number): void {
    if (!this.listening || epoch !== this.erasures) return;
    const until = this.now() + this.ttlMs;
    for (const [id, key] of keys) {
      if (!key) continue;
      // Re-inserted at the end: Map order is the eviction order.
      this.keys.delete(id);
      this.keys.set(id, { key, until });
    }
    for (const id of this.keys.keys()) {
      if (this.keys.size <= this.maxEntries) break;
      this.keys.delete(id);
    }
  }
}
