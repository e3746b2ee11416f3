import { randomUUID } from 'node:crypto';
import { fieldsOf } from '@accord/testing';
import { call, intakeForSuite, submitReferral, tokenFor, validReferral } from '../../test/intake-test-kit';

describe('agency reference data (admin API)', () => {
  const intake = intakeForSuite();
  let admin: string;

  beforeAll(async () => {
    admin = await tokenFor('accord-ops', 'admin');
  });

  it('comes seeded with the demo agencies and their routes', async () => {
    const police = await call(intake.url, 'GET', '/api/admin/agencies/police-north', { token: admin });
    expect(police.body).toMatchObject({
      id: 'police-north',
      kind: 'referrer',
      mayReferTo: ['rj-service-north'],
    });
    const all = await call<{ id: string }[]>(intake.url, 'GET', '/api/admin/agencies', { token: admin });
    expect(all.body.map((agency) => agency.id)).toEqual(
      expect.arrayContaining([
        'police-north',
        'court-central',
        'probation-east',
        'victim-support-west',
        'rj-service-north',
      ]),
    );
  });

  it('gives every one of concurrent PUTs creating the same agency a 200, and keeps one row', async () => {
    const service = `rj-race-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(intake.url, 'PUT', `/api/admin/agencies/${service}`, {
          token: admin,
          body: { name: `Race ${i}`, kind: 'rj-service', mayReferTo: [] },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const all = await call<{ id: string }[]>(intake.url, 'GET', '/api/admin/agencies', { token: admin });
    expect(all.body.filter((agency) => agency.id === service)).toHaveLength(1);
  });

  it('registers a referrer and its routes, which submission then honours', async () => {
    const service = `rj-test-${randomUUID().slice(0, 8)}`;
    const agency = `referrer-test-${randomUUID().slice(0, 8)}`;
    expect(
      (
        await call(intake.url, 'PUT', `/api/admin/agencies/${service}`, {
          token: admin,
          body: { name: 'Test RJ', kind: 'rj-service', mayReferTo: [] },
        })
      ).status,
    ).toBe(200);
    const put = await call(intake.url, 'PUT', `/api/admin/agencies/${agency}`, {
      token: admin,
      body: { name: 'Test referrer', kind: 'referrer', mayReferTo: [service] },
    });
    expect(put).toMatchObject({ status: 200, body: { id: agency, mayReferTo: [service] } });

    const referrer = await tokenFor(agency, 'referrer');
    expect(
      (await submitReferral(intake.url, referrer, validReferral({ receivingService: service }))).status,
    ).toBe(201);
    const refused = await submitReferral(
      intake.url,
      referrer,
      validReferral({ receivingService: 'rj-service-north' }),
    );
    expect(refused).toMatchObject({ status: 422, body: { code: 'RECEIVER_NOT_PERMITTED' } });
    const unregistered = await submitReferral(
      intake.url,
      await tokenFor(`nobody-${randomUUID().slice(0, 8)}`, 'referrer'),
    );
    expect(unregistered).toMatchObject({ status: 422, body: { code: 'NOT_A_REFERRING_AGENCY' } });
  });

  it('refuses routes to agencies that are not RJ services (422) and bad input (400)', async () => {
    const agency = `referrer-test-${randomUUID().slice(0, 8)}`;
    const unknown = await call(intake.url, 'PUT', `/api/admin/agencies/${agency}`, {
      token: admin,
      body: { name: 'X', kind: 'referrer', mayReferTo: ['police-north', 'rj-nowhere'] },
    });
    expect(unknown).toMatchObject({
      status: 422,
      body: { code: 'UNKNOWN_RJ_SERVICE', details: { unknown: ['police-north', 'rj-nowhere'] } },
    });
    const bad = await call(intake.url, 'PUT', `/api/admin/agencies/${agency}`, {
      token: admin,
      body: { kind: 'bank', mayReferTo: 'all' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['/kind', '/mayReferTo', '/name']);
    expect((await call(intake.url, 'GET', `/api/admin/agencies/${agency}`, { token: admin })).status).toBe(
      404,
    );
  });

  it('is for admins only', async () => {
    const referrer = await tokenFor('police-north', 'referrer');
    expect(
      (await call(intake.url, 'GET', '/api/admin/agencies/police-north', { token: referrer })).status,
    ).toBe(403);
    expect(
      (await call(intake.url, 'PUT', '/api/admin/agencies/police-north', { token: referrer, body: {} }))
        .status,
    ).toBe(403);
    expect((await call(intake.url, 'GET', '/api/admin/agencies/police-north')).status).toBe(401);
  });
});

describe("an agency's own administrator", () => {
  const intake = intakeForSuite();

  it("reads and renames its own agency's entry, and nothing else", async () => {
    const platform = await tokenFor('accord-ops', 'admin');
    const own = `referrer-own-${randomUUID().slice(0, 8)}`;
    const other = `referrer-other-${randomUUID().slice(0, 8)}`;
    for (const id of [own, other])
      expect(
        (
          await call(intake.url, 'PUT', `/api/admin/agencies/${id}`, {
            token: platform,
            body: { name: id, kind: 'referrer', mayReferTo: ['rj-service-north'] },
          })
        ).status,
      ).toBe(200);
    // `admin` from an ordinary agency's own issuer: that agency's administrator, not the platform's.
    const admin = await tokenFor(own, 'admin');
    const entry = { kind: 'referrer', mayReferTo: ['rj-service-north'] };

    expect(await call(intake.url, 'GET', `/api/admin/agencies/${own}`, { token: admin })).toMatchObject({
      status: 200,
      body: { id: own },
    });
    const renamed = await call(intake.url, 'PUT', `/api/admin/agencies/${own}`, {
      token: admin,
      body: { ...entry, name: 'Renamed by its own administrator' },
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Renamed by its own administrator' } });

    // Its kind and routes decide who may refer to whom: the platform's to set.
    for (const body of [
      { ...entry, name: 'X', kind: 'rj-service', mayReferTo: [] },
      { ...entry, name: 'X', mayReferTo: [] },
    ])
      expect(
        await call(intake.url, 'PUT', `/api/admin/agencies/${own}`, { token: admin, body }),
      ).toMatchObject({ status: 403, body: { code: 'SECURITY_FIELD' } });

    // Another agency, existing or not, and the whole list: the same 403, no oracle.
    for (const id of [other, `referrer-none-${randomUUID().slice(0, 8)}`]) {
      expect(await call(intake.url, 'GET', `/api/admin/agencies/${id}`, { token: admin })).toMatchObject({
        status: 403,
        body: { code: 'NOT_YOUR_AGENCY' },
      });
      expect(
        await call(intake.url, 'PUT', `/api/admin/agencies/${id}`, {
          token: admin,
          body: { ...entry, name: 'Taken over' },
        }),
      ).toMatchObject({ status: 403, body: { code: 'NOT_YOUR_AGENCY' } });
    }
    expect((await call(intake.url, 'GET', '/api/admin/agencies', { token: admin })).status).toBe(403);
    expect(
      (
        await call(intake.url, 'PUT', `/api/admin/agencies/${own}/trust`, {
          token: admin,
          body: {
            tier: 'inspectorate',
            issuers: [{ issuer: 'https://evil.example' }],
            reason: 'promote myself',
          },
        })
      ).status,
    ).toBe(403);
    expect(await call(intake.url, 'GET', `/api/admin/agencies/${other}`, { token: platform })).toMatchObject({
      status: 200,
      body: { name: other },
    });
  });
});

describe('agency trust registration', () => {
  const intake = intakeForSuite();

  it('answers every one of concurrent PUTs registering the same agency below 500, and keeps one registration', async () => {
    const platform = await tokenFor('accord-ops', 'admin');
    const agency = `trust-race-${randomUUID().slice(0, 8)}`;
    const issuer = (i: number) => `https://login.${agency}.example/realms/${i % 2}`;
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(intake.url, 'PUT', `/api/admin/agencies/${agency}/trust`, {
          token: platform,
          body: { tier: 'agency', issuers: [{ issuer: issuer(i) }], reason: `race ${i}` },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(statuses).toContain(200);
    const directory = await call<{ agency: string; issuers: { issuer: string }[] }[]>(
      intake.url,
      'GET',
      '/api/directory/trust',
    );
    const registered = directory.body.filter((entry) => entry.agency === agency);
    expect(registered).toHaveLength(1);
    expect(registered[0]?.issuers).toHaveLength(1);
  });
});
