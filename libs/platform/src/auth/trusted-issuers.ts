import { serviceUrls, type AgencyTrust, type TrustedIssuer, type TrustTier } from '@accord/contracts';

/** Reads the directory's current trust list (intake's read model, or intake's HTTP endpoint). */
export type TrustLoader = () => Promise<readonly AgencyTrust[]>;

export class DirectoryUnavailable extends Error {
  constructor(cause: unknown) {
    super(
      `the agency directory cannot be reached: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'DirectoryUnavailable';
  }
}

export interface TrustedIssuersOptions {
  readonly load: TrustLoader;
  /** Always trusted, whatever the directory says: the platform operator's agency and issuer. */
  readonly platform: AgencyTrust;
  /** A snapshot older than this is read again before use (revocations take effect within it). */
  readonly refreshMs: number;
  /** A snapshot that could not be refreshed for this long is not used any more (503, never open). */
  readonly maxStaleMs: number;
  /** At most one directory read starts within this interval (a flood of unknown issuers is cheap). */
  readonly minIntervalMs: number;
}

/**
 * The trust list with caching. A token whose (agency, issuer) pair is unknown makes one read that
 * starts after it arrived (so an issuer registered a moment ago is found), coalesced with every
 * other such token and spaced by `minIntervalMs`.
 */
export class TrustedIssuers {
  private snapshot: { readonly trust: readonly AgencyTrust[]; readonly at: number } | undefined;
  private pending: Promise<void> | undefined;
  private lastStart = 0;
  /** Tokens that asked so far, and how many of them the last finished read had seen arrive. */
  private asks = 0;
  private answeredAsks = 0;
  private lastError: unknown;

  constructor(private readonly options: TrustedIssuersOptions) {}

  /** The registration of `issuer` for `agency`, with the agency's tier; null when it has none. */
  async find(agency: string, issuer: string): Promise<{ tier: TrustTier; issuer: TrustedIssuer } | null> {
    const platform = this.options.platform;
    if (agency === platform.agency) {
      const configured = platform.issuers.find((candidate) => candidate.issuer === issuer);
      if (configured) return { tier: 'platform', issuer: configured };
    }
    const asked = ++this.asks;
    if (!this.snapshot || Date.now() - this.snapshot.at > this.options.refreshMs) await this.readAfter(asked);
    const found = this.lookup(agency, issuer);
    if (found) return found;
    await this.readAfter(asked);
    const confirmed = this.lookup(agency, issuer);
    // Refusing a token needs a directory that answered: when the re-read failed, the answer is "not now".
    if (!confirmed && this.lastError) throw new DirectoryUnavailable(this.lastError);
    return confirmed;
  }

  /** The only agency that registered `issuer`, for tokens that do not name their agency. */
  async soleAgencyOf(issuer: string): Promise<string | null> {
    if (this.options.platform.issuers.some((candidate) => candidate.issuer === issuer))
      return this.options.platform.agency;
    if (!this.snapshot) await this.readAfter(++this.asks);
    const agencies = this.current().filter((trust) => trust.issuers.some((i) => i.issuer === issuer));
    return agencies.length === 1 ? (agencies[0]?.agency ?? null) : null;
  }

  private lookup(agency: string, issuer: string): { tier: TrustTier; issuer: TrustedIssuer } | null {
    const trust = this.current().find((candidate) => candidate.agency === agency);
    const registered = trust?.issuers.find((candidate) => candidate.issuer === issuer);
    // The platform tier is the configured root's alone: the directory cannot confer it.
    if (!trust || !registered || trust.tier === 'platform') return null;
    return { tier: trust.tier, issuer: registered };
  }

  private current(): readonly AgencyTrust[] {
    return this.snapshot?.trust ?? [];
  }

  /** Waits for a directory read that started after ask number `asked` arrived (one at a time, spaced). */
  private async readAfter(asked: number): Promise<void> {
    for (;;) {
      if (this.answeredAsks >= asked) {
        if (!this.snapshot || Date.now() - this.snapshot.at > this.options.maxStaleMs)
          throw new DirectoryUnavailable(this.lastError ?? 'it has not answered yet');
        return;
      }
      this.pending ??= this.read().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
  }

  private async read(): Promise<void> {
    const wait = this.lastStart + this.options.minIntervalMs - Date.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    const started = Date.now();
    const covers = this.asks;
    this.lastStart = started;
    try {
      this.snapshot = { trust: await this.options.load(), at: started };
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    } finally {
      this.answeredAsks = covers;
    }
  }
}

/**
 * The trust list from intake's public endpoint (`GET /api/directory/trust`). `intakeUrls` is one
 * URL or intake's replicas' URLs, comma-separated: each is asked in turn until one answers.
 */
export function httpTrustLoader(intakeUrls: string, timeoutMs: number): TrustLoader {
  const replicas = serviceUrls(intakeUrls);
  let turn = 0;
  return async () => {
    let failure: unknown;
    for (let tried = 0; tried < replicas.length; tried += 1) {
      const url = replicas[(turn + tried) % replicas.length] as string;
      try {
        const response = await fetch(new URL('/api/directory/trust', url), {
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.status !== 200) throw new Error(`GET /api/directory/trust answered ${response.status}`);
        turn = (turn + tried + 1) % replicas.length;
        return (await response.json()) as AgencyTrust[];
      } catch (error) {
        failure = error;
      }
    }
    throw failure ?? new Error('no intake URL is configured');
  };
}
