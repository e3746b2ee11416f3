import { randomUUID } from 'node:crypto';
import {
  CaseClosed,
  CaseEligible,
  noScreeningRequirements,
  ReferralAccepted,
  ReferralDeclined,
  type CaseProfile,
} from '@accord/contracts';
import type { ServiceUnderTest } from '@accord/platform/testing';
import { eventually, fieldsOf, testToken } from '@accord/testing';
import { WebhookReceiver } from './webhook-receiver';
import type { NotificationsConfig } from '../src/notifications.config';

const WAIT = { timeout: 60_000, interval: 200 };

/** What the webhook cases need from the spec that runs them (one service per consumer group: see notifications.int-spec.ts). */
export interface WebhookCasesContext {
  readonly service: () => ServiceUnderTest<NotificationsConfig>;
  readonly receiver: WebhookReceiver;
}

/** The settings these cases assume: short timeouts and retry budget, loopback receivers allowed. */
export const WEBHOOK_TEST_ENV = {
  NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: '1000',
  NOTIFICATIONS_WEBHOOK_FIRST_RETRY_MS: '100',
  NOTIFICATIONS_WEBHOOK_GIVE_UP_MS: '1500',
  NOTIFICATIONS_WEBHOOK_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
};

export function describeWebhooks({ service: current, receiver }: WebhookCasesContext): void {
  const admin = (agency: string) => testToken({ sub: `admin-${agency}`, agency, roles: ['admin'] });

  interface Registered {
    readonly subscriptionId: string;
    readonly secret: string;
  }

  async function register(agency: string, path: string): Promise<Registered> {
    const reply = await current().call<Registered>('POST', '/api/notifications/webhooks', {
      token: await admin(agency),
      body: { url: receiver.url(path) },
    });
    expect(reply.status).toBe(201);
    receiver.secret(path, reply.body.secret);
    return reply.body;
  }

  const profile = (referringAgency: string): CaseProfile => ({
    referringAgency,
    receivingService: 'rj-service-north',
    offenceCategory: 'property',
    incidentDate: '2026-01-02',
    riskLevel: 'low',
    riskFlags: [],
    pendingCourtProceedings: false,
    participants: [],
  });

  async function accepted(caseId: string, agency: string): Promise<void> {
    await current().publish('intake', ReferralAccepted.type, caseId, {
      caseId,
      profile: profile(agency),
      acceptedBy: 'screener-1',
      acceptedAt: new Date().toISOString(),
    });
  }

  interface Delivery {
    readonly deliveryId: string;
    readonly caseId: string;
    readonly status: string;
    readonly attempts: number;
    readonly lastError?: string;
    readonly parkedReason?: string;
  }

  async function deliveries(agency: string, subscriptionId: string): Promise<Delivery[]> {
    const reply = await current().call<{ deliveries: Delivery[] }>(
      'GET',
      `/api/notifications/webhooks/${subscriptionId}/deliveries`,
      { token: await admin(agency) },
    );
    expect(reply.status).toBe(200);
    return reply.body.deliveries;
  }

  describe('webhooks', () => {
    it('refuses URLs into the platform’s own network, plain HTTP, and anyone but an agency admin', async () => {
      const agency = `police-${randomUUID().slice(0, 6)}`;
      for (const url of [
        'https://10.1.2.3/hook',
        'https://169.254.169.254/latest',
        'https://[::1]/x',
        'http://cases.example.org/hook',
      ]) {
        const reply = await current().call('POST', '/api/notifications/webhooks', {
          token: await admin(agency),
          body: { url },
        });
        expect(reply.status).toBe(400);
        expect(fieldsOf(reply.body)).toEqual(['/url']);
      }
      const notAdmin = await current().call('POST', '/api/notifications/webhooks', {
        token: await testToken({ sub: 'pc-1', agency, roles: ['referrer'] }),
        body: { url: receiver.url('/nope') },
      });
      expect(notAdmin.status).toBe(403);
    });

    it('delivers each stage of the agency’s own cases as a signed CloudEvent, and nothing of other agencies’ cases', async () => {
      const agency = `police-${randomUUID().slice(0, 6)}`;
      const other = `police-${randomUUID().slice(0, 6)}`;
      const path = `/${agency}`;
      const { subscriptionId } = await register(agency, path);
      const mine = randomUUID();
      const theirs = randomUUID();
      await accepted(theirs, other);
      await accepted(mine, agency);
      await current().publish('screening', CaseEligible.type, mine, {
        caseId: mine,
        profile: profile(agency),
        ruleSetVersion: '2026.1',
        rules: [],
        requirements: noScreeningRequirements(),
        decidedBy: 'system',
        decidedAt: new Date().toISOString(),
      });
      // CaseClosed names no agency: the case's earlier stages do.
      await current().publish('follow-up', CaseClosed.type, mine, {
        caseId: mine,
        outcome: 'agreement-completed',
        closedBy: 'worker-1',
        closedAt: new Date().toISOString(),
      });
      await eventually(() => receiver.at(path).length >= 3, WAIT);
      const got = receiver.at(path);
      expect(got.every((delivery) => delivery.signatureValid)).toBe(true);
      expect(got.map((delivery) => delivery.headers['content-type'])).toEqual(
        got.map(() => 'application/cloudevents+json; charset=utf-8'),
      );
      expect(got.map((delivery) => (delivery.body['data'] as { status: string }).status).sort()).toEqual([
        'accepted',
        'closed',
        'eligible',
      ]);
      expect(got[0]?.body).toMatchObject({ specversion: '1.0', subject: mine });
      expect(got.some((delivery) => delivery.body['subject'] === theirs)).toBe(false);
      expect(JSON.stringify(got.map((delivery) => delivery.body))).not.toMatch(/property|rj-service-north/);
      // A tampered body fails the receiver's check.
      const first = got[0]!;
      const { verifyWebhook } = await import('../src/webhooks/webhook-signature');
      expect(
        verifyWebhook(
          'whsec_wrong',
          {
            id: first.headers['webhook-id'] as string,
            timestamp: first.headers['webhook-timestamp'] as string,
            signature: first.headers['webhook-signature'] as string,
          },
          JSON.stringify(first.body),
        ).valid,
      ).toBe(false);
      expect((await deliveries(agency, subscriptionId)).map((delivery) => delivery.status)).toEqual([
        'delivered',
        'delivered',
        'delivered',
      ]);
    });

    it('retries a failing, silent or redirecting endpoint, parks it with the reason, never blocks another agency, and redelivers on request', async () => {
      const failing = `police-${randomUUID().slice(0, 6)}`;
      const silent = `police-${randomUUID().slice(0, 6)}`;
      const redirecting = `police-${randomUUID().slice(0, 6)}`;
      const healthy = `police-${randomUUID().slice(0, 6)}`;
      const failingSub = await register(failing, `/${failing}`);
      const silentSub = await register(silent, `/${silent}`);
      const redirectingSub = await register(redirecting, `/${redirecting}`);
      await register(healthy, `/${healthy}`);
      receiver.behave(`/${failing}`, (_request, response) => response.writeHead(500).end());
      receiver.behave(`/${silent}`, receiver.hold());
      receiver.behave(`/${redirecting}`, (_request, response) =>
        response.writeHead(307, { location: receiver.url('/redirect-target') }).end(),
      );

      for (const agency of [failing, silent, redirecting]) await accepted(randomUUID(), agency);
      // While the silent endpoint holds its connection open, the healthy agency's delivery still arrives.
      await eventually(() => receiver.at(`/${silent}`).length >= 1, WAIT);
      await accepted(randomUUID(), healthy);
      await eventually(() => receiver.at(`/${healthy}`).length === 1, WAIT);
      receiver.release();

      const parked = async (agency: string, subscriptionId: string) =>
        eventually(async () => {
          const [delivery] = await deliveries(agency, subscriptionId);
          return delivery?.status === 'parked' ? delivery : false;
        }, WAIT);
      const failed = await parked(failing, failingSub.subscriptionId);
      expect(failed.attempts).toBeGreaterThan(1);
      expect(failed.parkedReason).toMatch(/gave up after \d+ attempts.*answered 500/);
      expect((await parked(redirecting, redirectingSub.subscriptionId)).lastError).toMatch(
        /redirect, not followed/,
      );
      expect(receiver.at('/redirect-target')).toEqual([]);
      receiver.behave(`/${silent}`, receiver.hold());
      expect((await parked(silent, silentSub.subscriptionId)).parkedReason).toMatch(
        /no answer within 1000 ms/,
      );
      receiver.release();

      // Fixed on the agency's side: a redelivery goes through.
      receiver.behave(`/${failing}`, (_request, response) => response.writeHead(200).end());
      const redeliver = await current().call(
        'POST',
        `/api/notifications/webhooks/${failingSub.subscriptionId}/deliveries/${failed.deliveryId}/redeliver`,
        { token: await admin(failing) },
      );
      expect(redeliver.status).toBe(202);
      await eventually(
        async () => (await deliveries(failing, failingSub.subscriptionId))[0]?.status === 'delivered',
        WAIT,
      );
      // Another agency cannot see or redeliver it.
      const stranger = await current().call(
        'POST',
        `/api/notifications/webhooks/${failingSub.subscriptionId}/deliveries/${failed.deliveryId}/redeliver`,
        { token: await admin(healthy) },
      );
      expect(stranger.status).toBe(404);
    });

    it('hears a declined referral for its referrer', async () => {
      const agency = `police-${randomUUID().slice(0, 6)}`;
      await register(agency, `/${agency}`);
      const caseId = randomUUID();
      await current().publish('intake', ReferralDeclined.type, caseId, {
        caseId,
        referringAgency: agency,
        reason: 'Outside our area',
        declinedBy: 'screener-2',
        declinedAt: new Date().toISOString(),
      });
      await eventually(() => receiver.at(`/${agency}`).length === 1, WAIT);
      expect(receiver.at(`/${agency}`)[0]?.body['data']).toEqual({
        caseId,
        status: 'declined',
        reason: 'Outside our area',
      });
    });
  });
}
