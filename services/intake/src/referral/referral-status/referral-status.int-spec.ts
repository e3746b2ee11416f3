import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CaseEligible,
  CaseHalted,
  checkContract,
  ConsentsComplete,
  noScreeningRequirements,
  ReferralAccepted,
  type CaseEligibleV1,
  type CaseHaltedV1,
  type CaseProfile,
  type ConsentsCompleteV1,
} from '@accord/contracts';
import { EVENT_STORE, type EventStore } from '@accord/event-store';
import { KafkaConnection, recordingLogger } from '@accord/messaging';
import { projectionSchema, type HeardEvent } from '@accord/platform';
import { publishEvent } from '@accord/platform/testing';
import { eventually, fieldsOf } from '@accord/testing';
import {
  call,
  freshReferrer,
  intakeForSuite,
  submitReferral,
  tokenFor,
  validReferral,
} from '../../../test/intake-test-kit';
import { referralStream } from '../referral.stream';
import { referralStatusProjection } from './referral-status.projection';

// The first message waits for this instance to join the consumer group; when other instances join
// or leave at the same time, a rebalance can hold the group for a session timeout (30 s) or two.
const WAIT = { timeout: 110_000, interval: 250 };
const KAFKA_TEST_TIMEOUT = 240_000;

interface CaseView {
  status: string;
  timeline: { at: string; status: string; detail: Record<string, unknown> }[];
}

describe('the referral status read model (the closed loop)', () => {
  const intake = intakeForSuite();
  let store: EventStore;
  let referrer: string;
  let screener: string;
  const kafka = new KafkaConnection({
    clientId: 'intake-int-test',
    brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
    logger: recordingLogger(),
  });

  beforeAll(async () => {
    store = intake.app.get<EventStore>(EVENT_STORE);
    referrer = await tokenFor('police-north', 'referrer');
    screener = await tokenFor('rj-service-north', 'screener');
  });

  afterAll(async () => {
    await kafka.close();
  });

  async function publish(
    service: 'screening' | 'consent',
    type: string,
    caseId: string,
    data: object,
    id?: string,
  ): Promise<void> {
    await publishEvent(kafka, service, type, caseId, data, id);
  }

  async function acceptedCase(): Promise<{ caseId: string; profile: CaseProfile }> {
    const submitted = await submitReferral(intake.url, referrer);
    const caseId = submitted.body.caseId;
    expect(
      (await call(intake.url, 'POST', `/api/referrals/${caseId}/accept`, { token: screener })).status,
    ).toBe(200);
    const accepted = (await store.readStream(referralStream(caseId))).find(
      (event) => event.type === 'ReferralAccepted',
    );
    const check = checkContract(ReferralAccepted, accepted?.data);
    if (!check.valid)
      throw new Error(`ReferralAccepted breaks its contract: ${JSON.stringify(check.violations)}`);
    return { caseId, profile: check.value.profile };
  }

  const view = async (caseId: string, token: string): Promise<CaseView> =>
    (await call<CaseView>(intake.url, 'GET', `/api/referrals/${caseId}`, { token })).body;

  it('publishes a contract-valid ReferralAccepted that names nobody', async () => {
    const { caseId } = await acceptedCase();
    const accepted = (await store.readStream(referralStream(caseId))).find(
      (event) => event.type === 'ReferralAccepted',
    );
    expect(JSON.stringify(accepted?.data)).not.toMatch(
      /Harriet|Rory|Sam Supporter|example\.org|High Street|Window of shop/,
    );
  });

  it(
    'shows screening outcomes: reasons and rule version to the receiving service, the outcome to the referrer',
    async () => {
      const { caseId, profile } = await acceptedCase();
      const eligible: CaseEligibleV1 = {
        caseId,
        profile,
        ruleSetVersion: '2026.1',
        rules: [
          {
            rule: 'responsibility-accepted',
            result: 'pass',
            reasonCode: 'ACCEPTS_RESPONSIBILITY',
            explanation: 'The responsible person accepts responsibility.',
          },
        ],
        requirements: noScreeningRequirements(),
        decidedBy: 'system',
        decidedAt: new Date().toISOString(),
      };
      expect(checkContract(CaseEligible, eligible).valid).toBe(true);
      const eventId = randomUUID();
      await publish('screening', CaseEligible.type, caseId, eligible, eventId);
      // Delivered twice: the timeline still has it once.
      await publish('screening', CaseEligible.type, caseId, eligible, eventId);

      // A real screening service may run beside this test and decide too (rule set 2026-1): the
      // step this test published is the one with rule set 2026.1.
      const ours = (timeline: Array<{ status: string; detail?: unknown }>) =>
        timeline.filter((entry) => JSON.stringify(entry.detail ?? {}).includes('"2026.1"'));
      const receiver = await eventually(async () => {
        const seen = await view(caseId, screener);
        return ours(seen.timeline).length > 0 ? seen : false;
      }, WAIT);
      expect(receiver.timeline.map((entry) => entry.status).slice(0, 2)).toEqual(['received', 'accepted']);
      expect(ours(receiver.timeline)).toHaveLength(1);
      expect(ours(receiver.timeline)[0]).toMatchObject({
        status: 'eligible',
        detail: {
          outcome: 'eligible',
          ruleSetVersion: '2026.1',
          reasons: [{ rule: 'responsibility-accepted', reasonCode: 'ACCEPTS_RESPONSIBILITY' }],
        },
      });

      const asReferrer = await view(caseId, referrer);
      expect(asReferrer.status).toBe('eligible');
      expect(
        asReferrer.timeline
          .filter((entry) => entry.status === 'eligible')
          .every((entry) => JSON.stringify(entry.detail) === '{"outcome":"eligible"}'),
      ).toBe(true);
    },
    KAFKA_TEST_TIMEOUT,
  );

  it(
    'tells the referrer that consent completed or the case halted, without the consent details',
    async () => {
      const { caseId, profile } = await acceptedCase();
      const requirements = noScreeningRequirements();
      const complete: ConsentsCompleteV1 = {
        caseId,
        profile,
        requirements,
        completedAt: new Date().toISOString(),
      };
      await publish('consent', ConsentsComplete.type, caseId, complete);
      // Other services running beside this test may add steps of their own: look for ours.
      const has = (seen: CaseView, status: string) => seen.timeline.some((entry) => entry.status === status);
      await eventually(async () => has(await view(caseId, referrer), 'consents-complete'), WAIT);

      const harmed = profile.participants.find((participant) => participant.role === 'harmed');
      const halted: CaseHaltedV1 = {
        caseId,
        reason: 'consent-withdrawn',
        ...(harmed ? { personId: harmed.personId } : {}),
        explanation: 'The harmed person withdrew consent to take part.',
        haltedAt: new Date(Date.now() + 1_000).toISOString(),
      };
      await publish('consent', CaseHalted.type, caseId, halted);
      const asReferrer = await eventually(async () => {
        const seen = await view(caseId, referrer);
        return has(seen, 'halted') ? seen : false;
      }, WAIT);
      expect(JSON.stringify(asReferrer)).not.toMatch(/withdrew|consent-withdrawn/);
      const receiver = await view(caseId, screener);
      expect(receiver.timeline.find((entry) => entry.status === 'halted')).toMatchObject({
        status: 'halted',
        detail: { reason: 'consent-withdrawn' },
      });
    },
    KAFKA_TEST_TIMEOUT,
  );

  it('records two steps of one case at once, in either order, and the later step gives the status', async () => {
    const dataSource = intake.app.get<DataSource>(getDataSourceToken());
    const schema = projectionSchema(dataSource.manager);
    const heard = referralStatusProjection.heard;
    if (!heard) throw new Error('the referral status projection hears other services');
    for (const laterFirst of [true, false]) {
      const { caseId, profile } = await acceptedCase();
      // Well after anything another service beside this test may add to the case.
      const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
      const complete: HeardEvent = {
        name: ConsentsComplete.name,
        id: randomUUID(),
        time: soon(10),
        data: { caseId, profile, requirements: noScreeningRequirements(), completedAt: soon(10) },
      };
      const halted: HeardEvent = {
        name: CaseHalted.name,
        id: randomUUID(),
        time: soon(20),
        data: { caseId, reason: 'consent-withdrawn', explanation: 'Withdrawn.', haltedAt: soon(20) },
      };
      const [first, second] = laterFirst ? [halted, complete] : [complete, halted];
      const holding = dataSource.createQueryRunner();
      const waiting = dataSource.createQueryRunner();
      try {
        await holding.startTransaction();
        await heard.apply(first, holding.manager);
        const [{ pid }] = (await waiting.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
        await waiting.startTransaction();
        const recorded = heard.apply(second, waiting.manager).then(() => waiting.commitTransaction());
        // The second waits for the first's lock on the case row, having inserted its own step.
        await eventually(
          async () =>
            (
              await dataSource.query(
                `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
                [pid],
              )
            ).length === 1,
          WAIT,
        );
        await holding.commitTransaction();
        await recorded;
      } finally {
        await holding.release();
        await waiting.release();
      }
      const [row] = (await dataSource.query(
        `SELECT status, updated_at FROM "${schema}".referral_cases WHERE case_id = $1`,
        [caseId],
      )) as [{ status: string; updated_at: Date }];
      expect(row).toEqual({ status: 'halted', updated_at: new Date(halted.time) });
      // Applied again (a redelivery), neither changes anything.
      await heard.apply(complete, dataSource.manager);
      expect((await view(caseId, screener)).status).toBe('halted');
      expect(
        (await view(caseId, screener)).timeline.filter((entry) =>
          ['consents-complete', 'halted'].includes(entry.status),
        ),
      ).toHaveLength(2);
    }
  });

  it("lists an agency's outbox and inbox, filtered by status and paged", async () => {
    const { token: ownReferrer } = await freshReferrer(intake.url);
    const caseIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await submitReferral(intake.url, ownReferrer, validReferral());
      expect(reply.status).toBe(201);
      caseIds.push(reply.body.caseId);
    }
    expect(
      (
        await call(intake.url, 'POST', `/api/referrals/${caseIds[0]}/decline`, {
          token: screener,
          body: { reason: 'Not suitable' },
        })
      ).status,
    ).toBe(200);

    type Page = {
      items: { caseId: string; status: string }[];
      total: number;
      page: number;
      pageSize: number;
      counts: Record<string, number>;
    };
    const first = await call<Page>(intake.url, 'GET', '/api/referrals?role=referrer&pageSize=2', {
      token: ownReferrer,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    const second = await call<Page>(intake.url, 'GET', '/api/referrals?role=referrer&pageSize=2&page=2', {
      token: ownReferrer,
    });
    expect([...first.body.items, ...second.body.items].map((item) => item.caseId).sort()).toEqual(
      [...caseIds].sort(),
    );

    const declined = await call<Page>(intake.url, 'GET', '/api/referrals?status=declined', {
      token: ownReferrer,
    });
    expect(declined.body.items.map((item) => item.caseId)).toEqual([caseIds[0]]);
    // Counts per stage cover the whole outbox, whatever status the page is filtered by.
    expect(declined.body.counts).toEqual({ declined: 1, received: 2 });
    expect(first.body.counts).toEqual({ declined: 1, received: 2 });

    const inbox = await call<Page>(
      intake.url,
      'GET',
      '/api/referrals?role=receiver&status=received&pageSize=100',
      { token: screener },
    );
    expect(inbox.body.items.map((item) => item.caseId)).toEqual(
      expect.arrayContaining([caseIds[1], caseIds[2]]),
    );
    // police-north sees none of them.
    const other = await call<Page>(intake.url, 'GET', '/api/referrals?role=receiver', { token: referrer });
    expect(other.body.total).toBe(0);

    const bad = await call(intake.url, 'GET', '/api/referrals?role=both&pageSize=500', {
      token: ownReferrer,
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['pageSize', 'role']);
  });
});
