import { EVENT_STORE, type EventStore } from '@accord/event-store';
import { fieldsOf } from '@accord/testing';
import { call, intakeForSuite, submitReferral, tokenFor } from '../../../test/intake-test-kit';
import { referralStream } from '../referral.stream';

describe('POST /api/referrals/:caseId/amend', () => {
  const intake = intakeForSuite();
  let referrer: string;
  let screener: string;

  beforeAll(async () => {
    referrer = await tokenFor('police-north', 'referrer');
    screener = await tokenFor('rj-service-north', 'screener');
  });

  it('amends an accepted referral for re-screening, and only then', async () => {
    const { caseId } = (await submitReferral(intake.url, referrer)).body;
    const amend = {
      reason: 'The responsible person has since been charged',
      changes: { pendingCourtProceedings: true, riskFlags: ['weapon'] },
    };

    const early = await call(intake.url, 'POST', `/api/referrals/${caseId}/amend`, {
      token: referrer,
      body: amend,
    });
    expect(early).toMatchObject({ status: 409, body: { code: 'REFERRAL_NOT_ACCEPTED' } });

    expect(
      (await call(intake.url, 'POST', `/api/referrals/${caseId}/accept`, { token: screener })).status,
    ).toBe(200);
    const amended = await call(intake.url, 'POST', `/api/referrals/${caseId}/amend`, {
      token: referrer,
      body: amend,
    });
    expect(amended).toEqual({ status: 200, body: { caseId, status: 'amended' } });

    const events = await intake.app.get<EventStore>(EVENT_STORE).readStream(referralStream(caseId));
    expect(events.at(-1)).toMatchObject({
      type: 'ReferralAmended',
      data: { profile: { pendingCourtProceedings: true, riskFlags: ['weapon'] }, reason: amend.reason },
    });
    // The timeline shows the amendment and why. (Not the case's latest status: screening, running in
    // a parallel suite on the same topics, may decide on the accepted profile a moment after the
    // amendment was recorded, and its decision is then the latest step until it re-screens.)
    const read = await call(intake.url, 'GET', `/api/referrals/${caseId}`, { token: screener });
    expect(read.body.timeline).toContainEqual(
      expect.objectContaining({
        status: 'amended',
        detail: expect.objectContaining({ reason: amend.reason }),
      }),
    );

    const same = await call(intake.url, 'POST', `/api/referrals/${caseId}/amend`, {
      token: referrer,
      body: amend,
    });
    expect(same).toMatchObject({ status: 422, body: { code: 'NOTHING_CHANGED' } });
    const invalid = await call(intake.url, 'POST', `/api/referrals/${caseId}/amend`, {
      token: referrer,
      body: { reason: '', changes: { riskLevel: 'extreme', participants: [{ personId: 'me' }] } },
    });
    expect(invalid.status).toBe(400);
    expect(fieldsOf(invalid.body)).toEqual([
      '/changes/participants/0/personId',
      '/changes/riskLevel',
      '/reason',
    ]);
  });
});
