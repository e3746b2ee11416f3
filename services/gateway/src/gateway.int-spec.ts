import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { UPSTREAM_NAMES } from '@accord/contracts';
import { createLogger, serviceConfig, startService, type RunningService } from '@accord/platform';
import { eventually, fieldsOf, freePort, testToken } from '@accord/testing';
import type { GatewayConfig } from './gateway.config';
import { gatewayService } from './gateway.service';

const root = resolve(__dirname, '../../..');

/**
 * The real intake, as its own process (services may not import each other, and this is how the
 * gateway meets it in production anyway).
 */
async function startIntakeProcess(): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', resolve(root, 'tools/ts-register.cjs'), resolve(root, 'services/intake/src/main.ts')],
    {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => (await fetch(`${url}/openapi.json`)).ok, { timeout: 90_000, interval: 250 });
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`intake did not start: ${(error as Error).message}\n${stderr}`);
  }
  return { url, child, stderr: () => stderr };
}

async function startGateway(env: Record<string, string>): Promise<RunningService<GatewayConfig>> {
  const config = serviceConfig(gatewayService, {
    ...process.env,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ...env,
  });
  return startService(gatewayService, config, createLogger('gateway', 'silent'));
}

const token = (agency: string, ...roles: ('referrer' | 'screener')[]) =>
  testToken({
    sub: `${agency}-${randomUUID().slice(0, 8)}`,
    agency,
    roles,
  });

const referral = () => ({
  receivingService: 'rj-service-north',
  referrerReference: `GW/${randomUUID().slice(0, 8)}`,
  incident: { offenceCategory: 'property', date: '2026-01-03', summary: 'Bicycle taken from a shed.' },
  people: {
    harmed: [
      {
        name: 'Hana',
        dateOfBirth: '1970-05-05',
        contactPreferences: { methods: ['in-person'] },
        language: 'en',
        willingToBeContacted: true,
      },
    ],
    responsible: [
      {
        name: 'Rob',
        dateOfBirth: '2004-04-04',
        contactPreferences: { methods: ['in-person'] },
        language: 'en',
        acceptsResponsibility: true,
      },
    ],
    supporters: [],
  },
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
});

describe('the gateway', () => {
  let intake: { url: string; child: ChildProcess; stderr: () => string };
  let gateway: RunningService<GatewayConfig>;
  let downPort: number;

  beforeAll(async () => {
    intake = await startIntakeProcess();
    // Nothing listens here: the screening service is "down".
    downPort = await freePort();
    gateway = await startGateway({
      INTAKE_URL: intake.url,
      SCREENING_URL: `http://127.0.0.1:${downPort}`,
      CONSENT_URL: `http://127.0.0.1:${downPort}`,
      CONFERENCING_URL: `http://127.0.0.1:${downPort}`,
      FOLLOW_UP_URL: `http://127.0.0.1:${downPort}`,
      AUDIT_URL: `http://127.0.0.1:${downPort}`,
      RATE_LIMIT_PER_MINUTE: '1000',
    });
  });

  afterAll(async () => {
    await gateway?.app.close();
    if (intake) {
      const exited = new Promise((resolveExit) => intake.child.once('exit', resolveExit));
      intake.child.kill('SIGTERM');
      await exited;
    }
  });

  it('carries a referral to intake and its status back, with request and correlation ids', async () => {
    const referrer = await token('police-north', 'referrer');
    const key = randomUUID();
    const submitted = await fetch(`${gateway.url}/api/referrals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${referrer}`,
        'content-type': 'application/json',
        'idempotency-key': key,
        'x-correlation-id': 'gw-test-1',
      },
      body: JSON.stringify(referral()),
    });
    expect(submitted.status).toBe(201);
    expect(submitted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(submitted.headers.get('x-correlation-id')).toBe('gw-test-1');
    const { caseId } = (await submitted.json()) as { caseId: string };

    const read = await fetch(`${gateway.url}/api/referrals/${caseId}?`, {
      headers: { authorization: `Bearer ${referrer}`, 'x-request-id': 'req-42' },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe('req-42');
    expect(await read.json()).toMatchObject({ caseId, status: 'received', referringAgency: 'police-north' });

    // The service's own answers come through as they are: here, another agency's 404.
    const other = await fetch(`${gateway.url}/api/referrals/${caseId}`, {
      headers: { authorization: `Bearer ${await token('court-central', 'referrer')}` },
    });
    expect(other.status).toBe(404);
    // …and its 400s, with every field.
    const invalid = await fetch(`${gateway.url}/api/referrals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${referrer}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ ...referral(), riskLevel: 'extreme' }),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(await invalid.json())).toEqual(['/riskLevel']);
  });

  it('answers 401 itself to requests without a valid token', async () => {
    const none = await fetch(`${gateway.url}/api/referrals`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await none.json()).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    const forged = await fetch(`${gateway.url}/api/cases/${randomUUID()}/screening`, {
      headers: { authorization: 'Bearer not.a.token' },
    });
    expect(forged.status).toBe(401);
  });

  it('answers 502, naming the service, when the service is down', async () => {
    const screener = await token('rj-service-north', 'screener');
    const reply = await fetch(`${gateway.url}/api/cases/${randomUUID()}/screening`, {
      headers: { authorization: `Bearer ${screener}` },
    });
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reply.json()).toMatchObject({
      type: 'urn:accord:problem:upstream-unreachable',
      title: 'Bad Gateway',
      status: 502,
      service: 'screening',
      detail: expect.stringContaining('screening service cannot be reached'),
      instance: expect.stringMatching(/^\/api\/cases\/[0-9a-f-]+\/screening$/),
      correlationId: reply.headers.get('x-correlation-id'),
    });
  });

  it('turns a request away with 503 and Retry-After while UPSTREAM_MAX_IN_FLIGHT requests to its service are in flight, and forwards again once one is answered', async () => {
    // A screening "service" that holds every request until told to answer.
    const held: Array<() => void> = [];
    const slow = createServer((_request, reply) => {
      held.push(() => reply.writeHead(200, { 'content-type': 'text/plain' }).end('held'));
    });
    await new Promise<void>((listening) => slow.listen(0, '127.0.0.1', listening));
    const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const narrow = await startGateway({
      INTAKE_URL: intake.url,
      SCREENING_URL: slowUrl,
      CONSENT_URL: slowUrl,
      CONFERENCING_URL: slowUrl,
      FOLLOW_UP_URL: slowUrl,
      AUDIT_URL: slowUrl,
      RATE_LIMIT_PER_MINUTE: '1000',
      UPSTREAM_MAX_IN_FLIGHT: '1',
    });
    try {
      const screener = await token('rj-service-north', 'screener');
      const screening = () =>
        fetch(`${narrow.url}/api/cases/${randomUUID()}/screening`, {
          headers: { authorization: `Bearer ${screener}` },
        });
      const first = screening();
      await eventually(() => held.length === 1, { timeout: 10_000 });

      const turnedAway = await screening();
      expect(turnedAway.status).toBe(503);
      expect(turnedAway.headers.get('retry-after')).toBe('1');
      expect(await turnedAway.json()).toMatchObject({
        type: 'urn:accord:problem:upstream-busy',
        status: 503,
        service: 'screening',
        detail: expect.stringContaining('screening service already has 1 requests in flight'),
      });
      expect(held).toHaveLength(1); // it never reached the service

      // Another service is not held up by screening's queue.
      const referrer = await token('police-north', 'referrer');
      const submitted = await fetch(`${narrow.url}/api/referrals`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${referrer}`,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify(referral()),
      });
      expect(submitted.status).toBe(201);

      held.shift()?.();
      expect((await first).status).toBe(200);
      const again = screening();
      await eventually(() => held.length === 1, { timeout: 10_000 });
      held.shift()?.();
      expect((await again).status).toBe(200);
      const metrics = await (await fetch(`${narrow.url}/metrics`)).text();
      expect(metrics).toMatch(/accord_gateway_upstream_busy_total\{[^}]*service="screening"[^}]*\} 1/);
    } finally {
      for (const answer of held) answer();
      await narrow.app.close();
      await new Promise((closed) => slow.close(closed));
    }
  });

  it('answers 404 for paths no service owns, and 400 for paths that try to climb out of their prefix', async () => {
    const referrer = await token('police-north', 'referrer');
    const nowhere = await fetch(`${gateway.url}/api/nothing-here`, {
      headers: { authorization: `Bearer ${referrer}` },
    });
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toMatchObject({
      type: 'urn:accord:problem:no-route',
      status: 404,
      instance: '/api/nothing-here',
    });
    // fetch would resolve the dot segments itself; a raw request sends them as a crafted client would.
    for (const path of [
      '/api/referrals/../admin/agencies',
      '/api/referrals/%2e%2e/admin/agencies',
      '/api/referrals/x%2F..%2Fadmin',
    ]) {
      const status = await new Promise<number | undefined>((resolve, reject) =>
        request(
          {
            host: '127.0.0.1',
            port: gateway.config.PORT,
            path,
            headers: { authorization: `Bearer ${referrer}` },
          },
          (answer) => {
            answer.resume();
            resolve(answer.statusCode);
          },
        )
          .on('error', reject)
          .end(),
      );
      expect({ path, status }).toEqual({ path, status: 400 });
    }
  });

  it('serves one OpenAPI document, without a token, naming the services that did not answer', async () => {
    const reply = await fetch(`${gateway.url}/api/openapi.json`);
    expect(reply.status).toBe(200);
    const document = (await reply.json()) as {
      paths: Record<string, unknown>;
      'x-accord-services': { included: string[]; unavailable: { service: string }[] };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/referrals', '/api/referrals/{caseId}', '/api/admin/agencies/{id}']),
    );
    expect(Object.keys(document.paths)).not.toContain('/health');
    expect(document['x-accord-services'].included).toEqual(['intake']);
    // Every other service behind the gateway (the manifest's list) is named as not answering.
    expect(document['x-accord-services'].unavailable.map((entry) => entry.service)).toEqual(
      UPSTREAM_NAMES.filter((service) => service !== 'intake'),
    );
  });

  it('serves a readable reference page from the package (no CDN) and the AsyncAPI document beside it', async () => {
    const page = await fetch(`${gateway.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/api\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/openapi.json']));
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets)
      expect({ asset, status: (await fetch(`${gateway.url}${asset}`)).status }).toEqual({
        asset,
        status: 200,
      });
    expect((await fetch(`${gateway.url}/api/docs/..%2fpackage.json`)).status).toBe(400);
    const asyncApi = (await (await fetch(`${gateway.url}/api/asyncapi.json`)).json()) as { asyncapi: string };
    expect(asyncApi.asyncapi).toBe('3.0.0');
  });

  it('limits each caller to the configured requests a minute (429)', async () => {
    const limited = await startGateway({ INTAKE_URL: intake.url, RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const referrerSub = `police-north-${randomUUID().slice(0, 8)}`;
      const referrer = await testToken({ agency: 'police-north', roles: ['referrer'], sub: referrerSub });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push(
          (
            await fetch(`${limited.url}/api/referrals?pageSize=1`, {
              headers: { authorization: `Bearer ${referrer}` },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limitedAnswer = await fetch(`${limited.url}/api/referrals?pageSize=1`, {
        headers: { authorization: `Bearer ${referrer}` },
      });
      expect(limitedAnswer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await limitedAnswer.json()).toMatchObject({ title: 'Too Many Requests', status: 429 });
      expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThan(0);
      // However the header is spelt, and with another token of the same person, the allowance is one.
      const respelt = await fetch(`${limited.url}/api/referrals?pageSize=1`, {
        headers: { authorization: `bEaReR   ${referrer}` },
      });
      expect(respelt.status).toBe(429);
      const sameUser = await testToken(
        { agency: 'police-north', roles: ['referrer'], sub: referrerSub },
        { overrides: { another: randomUUID() } },
      );
      expect(sameUser).not.toBe(referrer);
      expect(
        (
          await fetch(`${limited.url}/api/referrals?pageSize=1`, {
            headers: { authorization: `Bearer ${sameUser}` },
          })
        ).status,
      ).toBe(429);
      // Another caller has its own allowance; health checks have none.
      const other = await token('court-central', 'referrer');
      expect(
        (
          await fetch(`${limited.url}/api/referrals?pageSize=1`, {
            headers: { authorization: `Bearer ${other}` },
          })
        ).status,
      ).toBe(200);
      expect((await fetch(`${limited.url}/health`)).status).not.toBe(429);
    } finally {
      await limited.app.close();
    }
  });

  it('limits each client address before any token is looked at, so token guessing is bounded', async () => {
    const limited = await startGateway({ INTAKE_URL: intake.url, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await fetch(`${limited.url}/api/referrals`, {
          headers: { authorization: `Bearer guess-${randomUUID()}` },
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await last?.json()).toMatchObject({ status: 429, title: 'Too Many Requests' });
    } finally {
      await limited.app.close();
    }
  });
});
