import { chaosSummary, describeBreaks, type ChaosReport } from './chaos-run';

describe('the chaos report', () => {
  const report: ChaosReport = {
    acknowledged: 3,
    lost: [],
    duplicated: [],
    walked: 2,
    unfinished: [],
    decidedTwice: [],
    outOfOrder: [],
    deadLettered: {},
    parked: {},
    verifyIntact: false,
    verifyBreaks: describeBreaks(200, {
      count: 5,
      byReason: [
        { reason: 'checkpoint-signature-invalid', count: 4 },
        { reason: 'hash-mismatch', count: 1 },
      ],
      first: [{ stream: 'intake.Referral-1', version: 2, reason: 'checkpoint-signature-invalid' }],
    }),
    recoveries: [{ fault: 'SIGKILL intake', seconds: 4.25 }],
  };

  it('says how the log is broken, every break counted, and ends with the one line scripts read', () => {
    const lines = chaosSummary(report);
    expect(lines).toContain(
      'invariant: whole-log verify: broken (5 break(s): checkpoint-signature-invalid ×4, hash-mismatch ×1; first checkpoint-signature-invalid in intake.Referral-1@2)',
    );
    expect(lines[lines.length - 1]).toBe(
      'chaos: 3 acknowledged, 0 lost, 0 duplicated, verify broken, max recovery 4.3 s',
    );
  });

  it('names a verification that did not answer, and nothing when intact', () => {
    expect(describeBreaks(503, undefined)).toBe('verification answered 503');
    expect(describeBreaks(200, undefined)).toBeNull();
  });
});
