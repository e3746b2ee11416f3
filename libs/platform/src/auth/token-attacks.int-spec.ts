import { createHmac } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import {
  devToken,
  eventually,
  freePort,
  freshName,
  registerTrust,
  startDevProvider,
  testToken,
  type DevProvider,
} from '@accord/testing';
import { startOnFreePort } from '../../test/service-under-test';
import type { RunningService } from '../bootstrap';
import { CurrentPrincipal, Roles } from './auth.guard';
import type { Principal } from './principal';

// Forged and careless tokens against a real service, a real OpenID Provider and the real agency
// directory: each is refused with a bare 401 and counted by reason. Remove a check in
// token-verifier.ts and its test here fails.

@Controller('api')
class WhoController {
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Roles('admin')
  @Get('platform')
  platform(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [WhoController] })
class WhoModule {}

const JWKS_CACHE_MS = 5_000;
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => {
  const [header = '', payload = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
};

describe('bearer tokens Accord refuses', () => {
  let service: RunningService;
  const provider = () => process.env['ACCORD_OIDC_URL'] ?? '';

  const call = (token: string | undefined, path = '/api/me') =>
    fetch(`${service.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  async function refused(token: string): Promise<void> {
    const response = await call(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Nothing that helps a forger: no reason, no claim names.
    expect(((await response.json()) as { detail?: string }).detail).toBe('the bearer token was refused');
  }

  async function rejections(): Promise<Record<string, number>> {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    return Object.fromEntries(
      [...text.matchAll(/^accord_auth_token_rejected_total\{reason="([a-z_]+)"[^}]*\} (\d+)/gm)].map((m) => [
        m[1] ?? '',
        Number(m[2]),
      ]),
    );
  }

  /** A second OpenID Provider on its own port, registered for `agency` in the directory. */
  async function providerFor(agency: string, port?: number): Promise<DevProvider> {
    const own = await startDevProvider(port ?? (await freePort()));
    await registerTrust({
      directory: process.env['INTAKE_URL'] ?? '',
      adminToken: await testToken({ agency: 'accord-ops', roles: ['admin'], sub: 'attack-test-admin' }),
      agency,
      issuers: [`${own.url}/${agency}`],
    });
    return own;
  }

  beforeAll(async () => {
    service = await startOnFreePort(
      { name: 'intake', module: WhoModule, eventStore: 'none' },
      { env: { AUTH_JWKS_CACHE_MS: String(JWKS_CACHE_MS) } },
    );
  });

  afterAll(async () => {
    await service?.app.close();
  });

  it('accepts a token from the issuer registered for the agency it claims', async () => {
    const agency = freshName('police');
    const response = await call(await testToken({ agency, roles: ['referrer'], sub: 'pc-1' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sub: 'pc-1', agency, roles: ['referrer'] });
  });

  it("refuses agency A's issuer speaking for agency B, and an issuer registered for nobody", async () => {
    const a = freshName('police');
    const b = freshName('court');
    await testToken({ agency: a, roles: ['referrer'] });
    await testToken({ agency: b, roles: ['referrer'] });
    await refused(await testToken({ agency: b, roles: ['referrer'] }, { issuer: a }));
    await refused(await testToken({ agency: freshName('nobody'), roles: ['referrer'] }, { register: false }));
    expect((await rejections())['issuer_not_trusted']).toBeGreaterThanOrEqual(2);
  });

  it('refuses expired, not-yet-valid, future-issued, exp-less and too-long-lived tokens, and a wrong audience', async () => {
    const agency = freshName('probation');
    const token = (overrides: Record<string, unknown>) =>
      testToken({ agency, roles: ['referrer'] }, { overrides });
    await refused(await token({ iat: now() - 7200, exp: now() - 3600 }));
    await refused(await token({ nbf: now() + 600 }));
    await refused(await token({ iat: now() + 600 }));
    await refused(await token({ exp: null }));
    await refused(await token({ exp: 4102444800 }));
    await refused(await token({ aud: 'urn:somebody-else' }));
    expect(await rejections()).toMatchObject({
      expired: expect.any(Number),
      not_yet_valid: expect.any(Number),
      issued_in_future: expect.any(Number),
      claims: expect.any(Number),
      lifetime: expect.any(Number),
      audience: expect.any(Number),
    });
  });

  it('refuses an unsigned token and one signed HS256 with the issuer’s public key (key confusion)', async () => {
    const agency = freshName('victim-support');
    const genuine = await testToken({ agency, roles: ['referrer'] });
    const { header, payload } = parts(genuine);
    const forged = { ...payload, roles: ['referrer', 'admin'] };
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(forged)}.`);

    const jwks = (await (await fetch(`${provider()}/${agency}/jwks`)).json()) as { keys: object[] };
    const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: header['kid'] })}.${b64(forged)}`;
    for (const secret of [JSON.stringify(jwks.keys[0]), JSON.stringify(jwks)]) {
      const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
      await refused(`${signingInput}.${signature}`);
    }
    expect((await rejections())['algorithm']).toBeGreaterThanOrEqual(3);
  });

  it('takes platform roles only from the platform operator’s issuer', async () => {
    const agency = freshName('rj-service');
    await refused(await testToken({ agency, roles: ['auditor'] }));
    const agencyAdmin = await testToken({ agency, roles: ['admin'] });
    expect(await (await call(agencyAdmin)).json()).toMatchObject({ roles: ['agency-admin'] });
    expect((await call(agencyAdmin, '/api/platform')).status).toBe(403);
    const platformAdmin = await testToken({ agency: 'accord-ops', roles: ['admin'] });
    expect((await call(platformAdmin, '/api/platform')).status).toBe(200);
    expect((await call(await testToken({ agency: 'inspectorate', roles: ['auditor'] }))).status).toBe(200);
    expect((await call(await testToken({ agency, roles: [] }))).status).toBe(403);
    expect((await rejections())['platform_role']).toBeGreaterThanOrEqual(1);
  });

  it('refuses a key the issuer no longer lists once it has rotated its keys', async () => {
    const agency = freshName('rotating');
    const port = await freePort();
    let own = await providerFor(agency, port);
    try {
      const before = await devToken({ provider: own.url, agency, roles: ['referrer'] });
      expect((await call(before)).status).toBe(200);
      // The development provider keeps its keys in memory: restarted, it has rotated them.
      await own.stop();
      own = await startDevProvider(port);
      const after = await devToken({ provider: own.url, agency, roles: ['referrer'] });
      expect(parts(after).header['kid']).not.toBe(parts(before).header['kid']);
      await eventually(async () => (await call(after)).status === 200, { timeout: 30_000, interval: 250 });
      await refused(before);
      expect((await rejections())['unknown_key']).toBeGreaterThanOrEqual(1);
    } finally {
      await own.stop();
    }
  });

  it('keeps cached keys while the issuer is down, then answers 503, never letting a token through unchecked', async () => {
    const agency = freshName('outage');
    const own = await providerFor(agency);
    const token = await devToken({ provider: own.url, agency, roles: ['referrer'] });
    expect((await call(token)).status).toBe(200);
    await own.stop();
    // Within the keys' cache lifetime the issuer is not asked again.
    expect((await call(token)).status).toBe(200);
    const down = await eventually(
      async () => {
        const response = await call(token);
        return response.status === 503 ? response : false;
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(down.headers.get('retry-after')).toBe('5');
    expect(((await down.json()) as { detail: string }).detail).toMatch(/identity provider .* not reachable/);
  });
});
