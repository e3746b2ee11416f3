import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Pool } from 'pg';
import type { RunningService } from '@accord/platform';
import { freePort } from '@accord/testing';
import { call, startIntake, tokenFor, validReferral } from '../../../test/intake-test-kit';

/** Paths of `validReferral()` that must be present and of their type: removing or retyping one breaks the body. */
const REQUIRED_PATHS: readonly (readonly (string | number)[])[] = [
  ['receivingService'],
  ['referrerReference'],
  ['incident'],
  ['incident', 'offenceCategory'],
  ['incident', 'date'],
  ['incident', 'summary'],
  ['people'],
  ['people', 'harmed'],
  ['people', 'harmed', 0],
  ['people', 'harmed', 0, 'name'],
  ['people', 'harmed', 0, 'dateOfBirth'],
  ['people', 'harmed', 0, 'contactPreferences'],
  ['people', 'harmed', 0, 'contactPreferences', 'methods'],
  ['people', 'harmed', 0, 'contactPreferences', 'email'],
  ['people', 'harmed', 0, 'contactPreferences', 'phone'],
  ['people', 'harmed', 0, 'language'],
  ['people', 'harmed', 0, 'willingToBeContacted'],
  ['people', 'responsible'],
  ['people', 'responsible', 0],
  ['people', 'responsible', 0, 'name'],
  ['people', 'responsible', 0, 'contactPreferences', 'address'],
  ['people', 'responsible', 0, 'acceptsResponsibility'],
  ['people', 'supporters', 0],
  ['people', 'supporters', 0, 'supports'],
  ['people', 'supporters', 0, 'dateOfBirth'],
  ['riskLevel'],
  ['riskFlags'],
  ['pendingCourtProceedings'],
];

const jsonType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

function at(
  body: unknown,
  path: readonly (string | number)[],
): { holder: Record<string | number, unknown>; key: string | number } {
  let holder = body as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  return { holder, key: path[path.length - 1] as string | number };
}

/** A valid referral with one required field removed or replaced by a value of another JSON type. */
const brokenReferral = fc
  .record({
    path: fc.constantFrom(...REQUIRED_PATHS),
    remove: fc.boolean(),
    replacement: fc.jsonValue({ maxDepth: 3 }),
  })
  // Supporters are optional, so removing the only one leaves a valid referral: retype it instead.
  .filter(({ path, remove }) => !(remove && path.length === 3 && path[1] === 'supporters'))
  .filter(({ path, remove, replacement }) => {
    const { holder, key } = at(validReferral(), path);
    return remove || jsonType(holder[key]) !== jsonType(replacement);
  })
  .map(({ path, remove, replacement }) => {
    const body = validReferral();
    const { holder, key } = at(body, path);
    if (remove && Array.isArray(holder)) holder.splice(key as number, 1);
    else if (remove) delete holder[key];
    else holder[key] = replacement;
    return body as unknown;
  });

/** A valid referral carrying a field it may not (the referring agency above all). */
const smuggledField = fc
  .record({
    key: fc.oneof(fc.constant('referringAgency'), fc.string({ minLength: 1, maxLength: 20 })),
    value: fc.jsonValue({ maxDepth: 2 }),
  })
  .filter(({ key }) => !(key in validReferral()) && key !== '__proto__')
  .map(({ key, value }) => ({ ...validReferral(), [key]: value }) as unknown);

const anyBody = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 3 },
  { arbitrary: fc.object({ maxDepth: 3 }), weight: 2 },
  { arbitrary: brokenReferral, weight: 6 },
  { arbitrary: smuggledField, weight: 1 },
);

const anyKey = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.uuid().map(String), weight: 8 },
);

describe('POST /api/referrals with malformed bodies (property)', () => {
  let intake: RunningService;
  let pool: Pool;
  let token: string;
  const agency = `fuzz-referrer-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    intake = await startIntake(await freePort());
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    const admin = await tokenFor('accord-ops', 'admin');
    const registered = await call(intake.url, 'PUT', `/api/admin/agencies/${agency}`, {
      token: admin,
      body: { name: 'Fuzzing referrer', kind: 'referrer', mayReferTo: ['rj-service-north'] },
    });
    expect(registered.status).toBe(200);
    token = await tokenFor(agency, 'referrer');
  });

  afterAll(async () => {
    await intake?.app.close();
    await pool?.end();
  });

  const storedByAgency = async (): Promise<number> =>
    Number(
      (
        await pool.query<{ n: string }>(
          `SELECT count(*)::text AS n FROM event_store.events WHERE stream_id LIKE 'intake.Referral-%' AND type = 'ReferralSubmitted' AND metadata->>'agency' = $1`,
          [agency],
        )
      ).rows[0]?.n,
    );

  it('answers 4xx, never 5xx, and stores nothing', async () => {
    expect(await storedByAgency()).toBe(0);
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(anyBody, anyKey, async (body, key) => {
        const response = await fetch(`${intake.url}/api/referrals`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...(key !== undefined ? { 'idempotency-key': key } : {}),
          },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        if (![400, 422].includes(response.status)) throw new Error(`answered ${response.status}: ${text}`);
      }),
      // Two thousand runs take ~15 s alone; on a busy machine stop at a minute with what ran by then.
      { numRuns: 2_000, interruptAfterTimeLimit: 60_000 },
    );
    expect(await storedByAgency()).toBe(0);
    expect(seen.get(400)).toBeGreaterThan(200);

    // The same agency and token do store a valid referral: the property above is not vacuous.
    const valid = await call(intake.url, 'POST', '/api/referrals', {
      token,
      body: validReferral(),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(valid.status).toBe(201);
    expect(await storedByAgency()).toBe(1);
  }, 180_000);
});
