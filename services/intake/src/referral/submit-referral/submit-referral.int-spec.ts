import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EVENT_STORE, type EventStore } from '@accord/event-store';
import type { RunningService } from '@accord/platform';
import { freePort, fieldsOf } from '@accord/testing';
import { call, startIntake, submitReferral, tokenFor, validReferral } from '../../../test/intake-test-kit';
import { referralStream } from '../referral.stream';

describe('POST /api/referrals', () => {
  let intake: RunningService;
  let pool: Pool;
  let referrer: string;

  beforeAll(async () => {
    intake = await startIntake(await freePort());
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    referrer = await tokenFor('police-north', 'referrer');
  });

  afterAll(async () => {
    await intake?.app.close();
    await pool?.end();
  });

  /** A referral is stored as ReferralSubmitted and, beside it for notifications, ParticipantContactsShared. */
  const eventsOf = async (caseId: string) =>
    (
      await pool.query<{ type: string; data: string }>(
        `SELECT type, data::text AS data FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version`,
        [referralStream(caseId)],
      )
    ).rows;

  it('takes a referral and answers 201 with a server-assigned case id', async () => {
    const reply = await submitReferral(intake.url, referrer);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ caseId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'received' });
    expect((await eventsOf(reply.body.caseId)).map((event) => event.type)).toEqual([
      'ReferralSubmitted',
      'ParticipantContactsShared',
    ]);

    const read = await call(intake.url, 'GET', `/api/referrals/${reply.body.caseId}`, { token: referrer });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      caseId: reply.body.caseId,
      status: 'received',
      referringAgency: 'police-north',
    });
  });

  it('answers a retry with the same key and body with the same case, and stores it once', async () => {
    const key = randomUUID();
    const body = validReferral();
    const first = await submitReferral(intake.url, referrer, body, key);
    const again = await submitReferral(intake.url, referrer, body, key);
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(await eventsOf(first.body.caseId)).toHaveLength(2);
  });

  it('refuses the same key with another body (409)', async () => {
    const key = randomUUID();
    const first = await submitReferral(intake.url, referrer, validReferral(), key);
    const other = await submitReferral(intake.url, referrer, validReferral(), key);
    expect(first.status).toBe(201);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await eventsOf(first.body.caseId)).toHaveLength(2);
  });

  it('makes one case of concurrent duplicates', async () => {
    const key = randomUUID();
    const body = validReferral();
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => submitReferral(intake.url, referrer, body, key)),
    );
    expect(replies.map((reply) => reply.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const caseIds = new Set(replies.map((reply) => reply.body.caseId));
    expect(caseIds.size).toBe(1);
    expect(await eventsOf([...caseIds][0] as string)).toHaveLength(2);
  });

  it('reports every invalid field at once (400), with its path', async () => {
    const body = validReferral({
      riskLevel: 'extreme',
      pendingCourtProceedings: 'no',
      referringAgency: 'court-central',
    });
    const people = body['people'] as {
      harmed: Record<string, unknown>[];
      supporters: Record<string, unknown>[];
    };
    people.harmed[0] = {
      ...people.harmed[0],
      dateOfBirth: '2999-01-01',
      contactPreferences: { methods: ['phone'] },
    };
    people.supporters[0] = { ...people.supporters[0], supports: 'harmed[5]' };
    (body['incident'] as Record<string, unknown>)['offenceCategory'] = 'jaywalking';

    const reply = await submitReferral(intake.url, referrer, body);
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body)).toEqual(
      [
        '/incident/offenceCategory',
        '/people/harmed/0/contactPreferences/phone',
        '/people/harmed/0/dateOfBirth',
        '/people/supporters',
        '/pendingCourtProceedings',
        '/referringAgency',
        '/riskLevel',
      ].sort(),
    );
  });

  it('requires an Idempotency-Key (400)', async () => {
    const reply = await call(intake.url, 'POST', '/api/referrals', {
      token: referrer,
      body: validReferral(),
    });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body)).toEqual(['Idempotency-Key']);
  });

  it('refuses a receiving service the referrer may not refer to (422)', async () => {
    const reply = await submitReferral(
      intake.url,
      referrer,
      validReferral({ receivingService: 'rj-service-nowhere' }),
    );
    expect(reply).toMatchObject({ status: 422 });
    expect(reply.body).toMatchObject({
      code: 'RECEIVER_NOT_PERMITTED',
      detail: expect.stringContaining('rj-service-north'),
    });
  });

  it('still recognises a retry after a restart', async () => {
    const key = randomUUID();
    const body = validReferral();
    const first = await submitReferral(intake.url, referrer, body, key);
    await intake.app.close();
    intake = await startIntake(await freePort());
    const again = await submitReferral(intake.url, referrer, body, key);
    expect(again).toEqual(first);
    expect(await eventsOf(first.body.caseId)).toHaveLength(2);
  });

  it('stores names, dates of birth and contact details encrypted per person', async () => {
    const body = validReferral();
    const harmed = (body['people'] as { harmed: { name: string; contactPreferences: { email: string } }[] })
      .harmed[0]!;
    const reply = await submitReferral(intake.url, referrer, body);
    expect(reply.status).toBe(201);

    const [stored] = await eventsOf(reply.body.caseId);
    expect(stored?.data).toBeDefined();
    expect(stored?.data).not.toContain(harmed.name);
    expect(stored?.data).not.toContain(harmed.contactPreferences.email);
    expect(stored?.data).not.toContain('1985-06-01');
    expect(stored?.data).not.toContain('Welsh interpreter');
    expect(stored?.data).not.toContain((body['incident'] as { summary: string }).summary);

    // …and the event store gives them back to intake, decrypted.
    const store = intake.app.get<EventStore>(EVENT_STORE);
    const [event] = await store.readStream(referralStream(reply.body.caseId));
    expect(JSON.stringify(event?.data)).toContain(harmed.name);
  });
});
