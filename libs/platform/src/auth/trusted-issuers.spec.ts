import type { AgencyTrust } from '@accord/contracts';
import { DirectoryUnavailable, TrustedIssuers, type TrustLoader } from './trusted-issuers';

const platform: AgencyTrust = {
  agency: 'accord-ops',
  tier: 'platform',
  issuers: [{ issuer: 'https://ops.example', rolesClaim: 'roles' }],
};
const police: AgencyTrust = {
  agency: 'police-north',
  tier: 'agency',
  issuers: [{ issuer: 'https://pn.example', rolesClaim: 'roles' }],
};

function directory(lists: (readonly AgencyTrust[] | Error)[]): { load: TrustLoader; reads: () => number } {
  let reads = 0;
  return {
    load: async () => {
      const next = lists[Math.min(reads, lists.length - 1)];
      reads += 1;
      if (next instanceof Error) throw next;
      return next ?? [];
    },
    reads: () => reads,
  };
}

const trusted = (load: TrustLoader, overrides: { refreshMs?: number; maxStaleMs?: number } = {}) =>
  new TrustedIssuers({
    load,
    platform,
    refreshMs: 60_000,
    maxStaleMs: 60_000,
    minIntervalMs: 0,
    ...overrides,
  });

describe('TrustedIssuers', () => {
  it('finds an issuer registered for the agency the token claims, and nothing for another agency', async () => {
    const dir = directory([[police]]);
    const trust = trusted(dir.load);
    await expect(trust.find('police-north', 'https://pn.example')).resolves.toMatchObject({ tier: 'agency' });
    await expect(trust.find('court-central', 'https://pn.example')).resolves.toBeNull();
  });

  it('trusts the configured platform issuer without asking the directory, which cannot confer the platform tier', async () => {
    const dir = directory([[{ ...police, agency: 'rogue', tier: 'platform' as const }]]);
    const trust = trusted(dir.load);
    await expect(trust.find('accord-ops', 'https://ops.example')).resolves.toMatchObject({
      tier: 'platform',
    });
    expect(dir.reads()).toBe(0);
    await expect(trust.find('rogue', 'https://pn.example')).resolves.toBeNull();
  });

  it('reads the directory again for an unknown pair, so a registration made a moment ago is found', async () => {
    const dir = directory([[], [police]]);
    const trust = trusted(dir.load);
    await expect(trust.find('court-central', 'https://x.example')).resolves.toBeNull();
    await expect(trust.find('police-north', 'https://pn.example')).resolves.toMatchObject({ tier: 'agency' });
  });

  it('coalesces concurrent misses into few reads', async () => {
    const dir = directory([[police]]);
    const trust = trusted(dir.load);
    await Promise.all(Array.from({ length: 50 }, () => trust.find('nobody', 'https://x.example')));
    expect(dir.reads()).toBeLessThanOrEqual(3);
  });

  it('keeps a snapshot while the directory is down, then refuses to guess', async () => {
    const dir = directory([[police], new Error('connection refused')]);
    const trust = trusted(dir.load, { refreshMs: 0, maxStaleMs: 50 });
    await expect(trust.find('police-north', 'https://pn.example')).resolves.not.toBeNull();
    await expect(trust.find('police-north', 'https://pn.example')).resolves.not.toBeNull();
    await new Promise((done) => setTimeout(done, 60));
    await expect(trust.find('police-north', 'https://pn.example')).rejects.toBeInstanceOf(
      DirectoryUnavailable,
    );
  });

  it('names the only agency of an issuer for tokens without an agency claim', async () => {
    const trust = trusted(directory([[police]]).load);
    await expect(trust.soleAgencyOf('https://pn.example')).resolves.toBe('police-north');
    await expect(trust.soleAgencyOf('https://ops.example')).resolves.toBe('accord-ops');
    await expect(trust.soleAgencyOf('https://unknown.example')).resolves.toBeNull();
  });
});
