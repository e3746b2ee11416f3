import { isNotYet, sendOnceReady } from './not-yet';
import { ApiProblem } from './problem';

const problem = (status: number, code?: string, retryAfterSeconds?: number) =>
  new ApiProblem(status, 'title', 'detail', 'corr-1', [], retryAfterSeconds, code);

describe('answers that mean "not yet"', () => {
  it('are a 503 with Retry-After and follow-up not having heard of the agreement', () => {
    expect(isNotYet(problem(503, 'DEPENDENCY_UNAVAILABLE', 2))).toBe(true);
    expect(isNotYet(problem(409, 'NO_AGREEMENT_YET'))).toBe(true);
    expect(isNotYet(problem(503))).toBe(false);
    expect(isNotYet(problem(409, 'CASE_CLOSED'))).toBe(false);
    expect(isNotYet(problem(400))).toBe(false);
    expect(isNotYet(new Error('network'))).toBe(false);
  });

  it("are sent again after the server's Retry-After (else a doubling pause) until the answer is another", async () => {
    const answers: unknown[] = [problem(409, 'NO_AGREEMENT_YET'), problem(503, undefined, 3), { ok: 1 }];
    const waits: number[] = [];
    const waiting: boolean[] = [];
    const answer = await sendOnceReady(
      async () => {
        const next = answers.shift();
        if (next instanceof Error) throw next;
        return next;
      },
      (now) => waiting.push(now),
      60_000,
      async (ms) => waits.push(ms),
    );
    expect(answer).toEqual({ ok: 1 });
    expect(waits).toEqual([1_000, 3_000]);
    expect(waiting).toEqual([true, true]);
  });

  it("give up after the patience runs out, and any other answer is the caller's at once", async () => {
    let sent = 0;
    const stillNot = sendOnceReady(
      async () => {
        sent += 1;
        throw problem(409, 'NO_AGREEMENT_YET');
      },
      undefined,
      10_000,
      async () => undefined,
    );
    await expect(stillNot).rejects.toMatchObject({ status: 409, code: 'NO_AGREEMENT_YET' });
    // 1 s + 2 s + 4 s + 8 s ≥ 10 s of patience: four pauses, five sends.
    expect(sent).toBe(5);

    sent = 0;
    await expect(
      sendOnceReady(async () => {
        sent += 1;
        throw problem(422, 'CONSENT_WITHDRAWN');
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(sent).toBe(1);
  });
});
