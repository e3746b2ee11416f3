import { fieldsOf } from '@accord/testing';
import { call, intakeForSuite, submitReferral, tokenFor } from '../../../test/intake-test-kit';

describe('accepting, declining and who may touch a case', () => {
  const intake = intakeForSuite();
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    tokens['referrer'] = await tokenFor('police-north', 'referrer');
    tokens['referrerAdmin'] = await tokenFor('police-north', 'admin');
    tokens['screener'] = await tokenFor('rj-service-north', 'screener');
    tokens['caseWorker'] = await tokenFor('rj-service-north', 'case-worker');
    tokens['receiverReferrer'] = await tokenFor('rj-service-north', 'referrer');
    tokens['otherAgency'] = await tokenFor(
      'court-central',
      'referrer',
      'screener',
      'case-worker',
      'facilitator',
    );
    tokens['auditor'] = await tokenFor('inspectorate', 'auditor');
    tokens['auditorScreener'] = await tokenFor('inspectorate', 'auditor', 'screener');
  });

  const newCase = async (): Promise<string> => {
    const reply = await submitReferral(intake.url, tokens['referrer'] as string);
    expect(reply.status).toBe(201);
    return reply.body.caseId;
  };

  it('lets the receiving service accept, once', async () => {
    const caseId = await newCase();
    const accepted = await call(intake.url, 'POST', `/api/referrals/${caseId}/accept`, {
      token: tokens['screener'],
    });
    expect(accepted).toEqual({ status: 200, body: { caseId, status: 'accepted' } });

    const again = await call(intake.url, 'POST', `/api/referrals/${caseId}/decline`, {
      token: tokens['caseWorker'],
      body: { reason: 'Changed our mind' },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'REFERRAL_ALREADY_DECIDED' });

    const read = await call<{ status: string; timeline: { status: string }[] }>(
      intake.url,
      'GET',
      `/api/referrals/${caseId}`,
      {
        token: tokens['referrer'],
      },
    );
    // A screening service running beside this test may already have decided on the case, so only
    // the steps intake itself recorded are certain.
    expect(read.body.timeline.map((entry) => entry.status).slice(0, 2)).toEqual(['received', 'accepted']);
  });

  it('lets the receiving service decline with a reason the referrer sees', async () => {
    const caseId = await newCase();
    const noReason = await call(intake.url, 'POST', `/api/referrals/${caseId}/decline`, {
      token: tokens['caseWorker'],
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(fieldsOf(noReason.body)).toEqual(['/reason']);

    const declined = await call(intake.url, 'POST', `/api/referrals/${caseId}/decline`, {
      token: tokens['caseWorker'],
      body: { reason: 'Outside our area' },
    });
    expect(declined).toEqual({ status: 200, body: { caseId, status: 'declined' } });
    const read = await call<{ status: string; timeline: { status: string; detail: unknown }[] }>(
      intake.url,
      'GET',
      `/api/referrals/${caseId}`,
      { token: tokens['referrer'] },
    );
    expect(read.body.status).toBe('declined');
    expect(read.body.timeline[1]).toMatchObject({
      status: 'declined',
      detail: { reason: 'Outside our area' },
    });
  });

  it('keeps the decision to the receiving service: the referrer may see the case but not decide it', async () => {
    const caseId = await newCase();
    const referrerScreener = await tokenFor('police-north', 'screener');
    const reply = await call(intake.url, 'POST', `/api/referrals/${caseId}/accept`, {
      token: referrerScreener,
    });
    expect(reply.status).toBe(403);
  });

  describe('isolation: every case endpoint', () => {
    let caseId: string;
    const endpoints = (id: string) => [
      { method: 'GET', path: `/api/referrals/${id}`, body: undefined },
      { method: 'POST', path: `/api/referrals/${id}/accept`, body: undefined },
      { method: 'POST', path: `/api/referrals/${id}/decline`, body: { reason: 'Not for us' } },
      {
        method: 'POST',
        path: `/api/referrals/${id}/amend`,
        body: { reason: 'New facts', changes: { riskLevel: 'high' } },
      },
    ];

    beforeAll(async () => {
      caseId = await newCase();
    });

    it('answers 401 without a token, or with a forged one', async () => {
      const forged = `${(tokens['screener'] as string).slice(0, -4)}AAAA`;
      for (const { method, path, body } of [
        ...endpoints(caseId),
        { method: 'GET', path: '/api/referrals', body: undefined },
      ]) {
        expect({ path, status: (await call(intake.url, method, path, { body })).status }).toEqual({
          path,
          status: 401,
        });
        expect({
          path,
          status: (await call(intake.url, method, path, { body, token: forged })).status,
        }).toEqual({ path, status: 401 });
      }
    });

    it('answers 404, with nothing about the case, to an agency that neither referred nor receives it', async () => {
      for (const { method, path, body } of endpoints(caseId)) {
        const reply = await call(intake.url, method, path, { body, token: tokens['otherAgency'] });
        expect({ path, status: reply.status }).toEqual({ path, status: 404 });
        expect(JSON.stringify(reply.body)).not.toMatch(/police-north|rj-service-north|PN\//);
      }
    });

    it('answers 404 for a case that does not exist, the same way', async () => {
      const reply = await call(intake.url, 'GET', `/api/referrals/00000000-0000-4000-8000-000000000000`, {
        token: tokens['referrer'],
      });
      expect(reply.status).toBe(404);
    });

    it('answers 403 to a role that may not do it', async () => {
      const wrongRole: [string, { method: string; path: string; body: unknown }][] = [
        ['referrerAdmin', endpoints(caseId)[0]!],
        ['referrer', endpoints(caseId)[1]!],
        ['receiverReferrer', endpoints(caseId)[2]!],
        ['screener', endpoints(caseId)[3]!],
      ];
      for (const [who, { method, path, body }] of wrongRole) {
        const reply = await call(intake.url, method, path, { body, token: tokens[who] });
        expect({ who, path, status: reply.status }).toEqual({ who, path, status: 403 });
      }
    });

    it('lets auditors read every case and change none', async () => {
      const read = await call(intake.url, 'GET', `/api/referrals/${caseId}`, { token: tokens['auditor'] });
      expect(read).toMatchObject({ status: 200, body: { caseId, referringAgency: 'police-north' } });
      for (const who of ['auditor', 'auditorScreener']) {
        for (const { method, path, body } of endpoints(caseId).slice(1)) {
          const reply = await call(intake.url, method, path, { body, token: tokens[who] });
          expect({ who, path, status: reply.status }).toEqual({ who, path, status: 403 });
        }
        const submit = await submitReferral(intake.url, tokens[who] as string);
        expect({ who, submit: submit.status }).toEqual({ who, submit: 403 });
      }
    });

    it('leaves the case undecided after all that', async () => {
      const read = await call(intake.url, 'GET', `/api/referrals/${caseId}`, { token: tokens['screener'] });
      expect(read.body).toMatchObject({ status: 'received' });
    });
  });
});
