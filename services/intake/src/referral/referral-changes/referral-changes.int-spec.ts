import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CASE_CHANGED_CHANNEL } from '@accord/platform';
import { eventually } from '@accord/testing';
import {
  call,
  freshReferrer,
  intakeForSuite,
  submitReferral,
  tokenFor,
  validReferral,
} from '../../../test/intake-test-kit';

interface Heard {
  readonly event: string;
  readonly data: { caseId?: string; status?: string };
}

/** Follows GET /api/referrals/changes as a browser does (fetch with a bearer token), collecting events. */
function follow(url: string, token: string): { heard: Heard[]; status: Promise<number>; stop: () => void } {
  const controller = new AbortController();
  const heard: Heard[] = [];
  const status = fetch(`${url}/api/referrals/changes`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  }).then(async (response) => {
    if (response.ok && response.body) {
      void (async () => {
        let buffer = '';
        try {
          for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end).split('\n');
              buffer = buffer.slice(end + 2);
              const event =
                block
                  .find((line) => line.startsWith('event:'))
                  ?.slice(6)
                  .trim() ?? 'message';
              const data = block
                .find((line) => line.startsWith('data:'))
                ?.slice(5)
                .trim();
              if (data) heard.push({ event, data: JSON.parse(data) as Heard['data'] });
            }
          }
        } catch {
          // Aborted at the end of the test.
        }
      })();
    }
    return response.status;
  });
  return { heard, status, stop: () => controller.abort() };
}

describe('following changes to referrals (server-sent events)', () => {
  const intake = intakeForSuite();

  it("tells each agency of its own cases' changes as they commit, and nobody else", async () => {
    const { token: referrer } = await freshReferrer(intake.url);
    const screener = await tokenFor('rj-service-north', 'screener');
    const stranger = await tokenFor(`test-other-${randomUUID().slice(0, 8)}`, 'referrer');

    const ours = follow(intake.url, referrer);
    const theirs = follow(intake.url, stranger);
    try {
      expect(await ours.status).toBe(200);
      expect(await theirs.status).toBe(200);
      // Told when changes are being heard, so a page reloads what it showed before and misses nothing.
      await eventually(() => expect(ours.heard).toContainEqual({ event: 'ready', data: {} }));

      const submitted = await submitReferral(intake.url, referrer, validReferral());
      expect(submitted.status).toBe(201);
      const caseId = submitted.body.caseId;
      await eventually(() =>
        expect(ours.heard).toContainEqual({ event: 'case-changed', data: { caseId, status: 'received' } }),
      );

      const declined = await call(intake.url, 'POST', `/api/referrals/${caseId}/decline`, {
        token: screener,
        body: { reason: 'Outside our area' },
      });
      expect(declined.status).toBe(200);
      await eventually(() =>
        expect(ours.heard).toContainEqual({ event: 'case-changed', data: { caseId, status: 'declined' } }),
      );

      // A later step's read model announcing the case (as screening's, consent's and conferencing's
      // triggers do, with the case id alone) reaches the case's agencies with intake's status.
      const before = ours.heard.length;
      const pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
      try {
        await pool.query('SELECT pg_notify($1, $2)', [CASE_CHANGED_CHANNEL, JSON.stringify({ caseId })]);
      } finally {
        await pool.end();
      }
      await eventually(() =>
        expect(ours.heard.slice(before)).toContainEqual({
          event: 'case-changed',
          data: { caseId, status: 'declined' },
        }),
      );
      // The stranger's stream was open all along and heard nothing of this case.
      expect(theirs.heard.filter((heard) => heard.data.caseId === caseId)).toEqual([]);
    } finally {
      ours.stop();
      theirs.stop();
    }
  });

  it('is refused without a token', async () => {
    const response = await fetch(`${intake.url}/api/referrals/changes`);
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});
