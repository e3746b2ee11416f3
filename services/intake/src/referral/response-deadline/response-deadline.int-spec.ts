import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@accord/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@accord/platform/testing';
import { addWorkingDays, DurableScheduler, parseHolidays } from '@accord/scheduler';
import { eventually, fieldsOf } from '@accord/testing';
import { submitReferral, tokenFor, validReferral } from '../../../test/intake-test-kit';
import type { IntakeConfig } from '../../intake.config';
import { Clock } from '../../intake.clock';
import { intakeService } from '../../intake.service';
import { referralStream } from '../referral.stream';
import { escalationDueTimerId, responseDueTimerId } from './response-deadline.timers';

const WAIT = { timeout: 30_000, interval: 100 };
const HOLIDAYS = parseHolidays('england-and-wales');

interface Summary {
  caseId: string;
  status: string;
  respondBy?: string;
  overdue: boolean;
  escalatedAt?: string;
  stalled: boolean;
}
interface ReferralList {
  items: Summary[];
  flagged: { overdue: number; stalled: number };
}

describe('response deadlines: reminder, escalation, overdue and stalled', () => {
  let intake: ServiceUnderTest<IntakeConfig>;
  let admin: string;
  // A receiving service and a referrer of this run's own, so no other suite's settings or cases mix in.
  const tag = randomUUID().slice(0, 8);
  const service = `rj-deadlines-${tag}`;
  const referrer = `police-deadlines-${tag}`;
  const contactEmail = `referrals.${tag}@rj.example`;
  const managerEmails = [`manager.${tag}@rj.example`, `deputy.${tag}@rj.example`];
  /** The receiving service's settings: three working days to respond, mail to the service and its managers. */
  const serviceSettings = {
    name: 'Deadlines RJ',
    kind: 'rj-service',
    mayReferTo: [],
    responseWorkingDays: 3,
    contactEmail,
    managerEmails,
  };
  let referrerToken: string;
  let screenerToken: string;
  let clockNow: Date | undefined;

  beforeAll(async () => {
    intake = await startServiceUnderTest(intakeService, { env: { INTAKE_TIMER_POLL_MS: '100' } });
    // The injectable clock: a test sets where "now" is for the deadlines intake works out.
    const clock = intake.running.app.get(Clock);
    const real = clock.now.bind(clock);
    jest.spyOn(clock, 'now').mockImplementation(() => clockNow ?? real());
    admin = await tokenFor('accord-ops', 'admin');
    const put = (id: string, body: Record<string, unknown>) =>
      intake.call('PUT', `/api/admin/agencies/${id}`, { token: admin, body });
    expect((await put(service, serviceSettings)).status).toBe(200);
    expect(
      (await put(referrer, { name: 'Deadlines Police', kind: 'referrer', mayReferTo: [service] })).status,
    ).toBe(200);
    referrerToken = await tokenFor(referrer, 'referrer');
    screenerToken = await tokenFor(service, 'screener');
  }, 120_000);

  afterAll(async () => {
    await intake?.close();
  });

  /** Submits a referral with the clock at `at` (the real time when absent). */
  async function submitAt(at: Date | undefined): Promise<string> {
    clockNow = at;
    try {
      const reply = await submitReferral(
        intake.url,
        referrerToken,
        validReferral({ receivingService: service }),
      );
      expect(reply.status).toBe(201);
      return reply.body.caseId;
    } finally {
      clockNow = undefined;
    }
  }

  const streamOf = (caseId: string): Promise<RecordedEvent[]> =>
    intake.store.readStream(referralStream(caseId));
  const typesOf = async (caseId: string): Promise<string[]> => (await streamOf(caseId)).map((e) => e.type);
  const scheduler = (): DurableScheduler => intake.running.app.get(DurableScheduler);
  const inbox = async (query = ''): Promise<ReferralList> => {
    const reply = await intake.call<ReferralList>('GET', `/api/referrals?role=receiver${query}`, {
      token: screenerToken,
    });
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('reminds the receiving service when the deadline passes undecided, then escalates to its managers', async () => {
    // Submitted ten working days ago: the three-day deadline and the two days after it have passed.
    const submittedAt = addWorkingDays(new Date(), -10, HOLIDAYS);
    const caseId = await submitAt(submittedAt);
    const respondBy = addWorkingDays(submittedAt, 3, HOLIDAYS).toISOString();

    const events = await eventually(async () => {
      const stream = await streamOf(caseId);
      return stream.some((event) => event.type === 'ReferralEscalated') && stream;
    }, WAIT);
    expect(events.map((event) => event.type)).toEqual([
      'ReferralSubmitted',
      'ParticipantContactsShared',
      'ReferralOverdue',
      'ReferralEscalated',
    ]);
    const [, , overdue, escalated] = events;
    expect(overdue?.data).toMatchObject({
      caseId,
      receivingService: service,
      respondBy,
      notify: [contactEmail],
    });
    expect(escalated?.data).toMatchObject({
      caseId,
      receivingService: service,
      respondBy,
      notify: managerEmails,
    });
    expect(escalated?.metadata.actor).toBe('system:intake-scheduler');

    const flagged = await inbox('&flag=overdue');
    expect(flagged.items).toEqual([
      expect.objectContaining({
        caseId,
        status: 'received',
        respondBy,
        overdue: true,
        escalatedAt: expect.any(String),
      }),
    ]);
    expect(flagged.flagged.overdue).toBe(1);

    // Accepting ends it: no longer overdue, nothing left to fire.
    expect(
      (await intake.call('POST', `/api/referrals/${caseId}/accept`, { token: screenerToken })).status,
    ).toBe(200);
    expect((await inbox('&flag=overdue')).items.map((item) => item.caseId)).not.toContain(caseId);
    const listed = (await inbox()).items.find((item) => item.caseId === caseId);
    expect(listed).toMatchObject({ overdue: false, status: 'accepted' });
  });

  it('sets both timers at submission, working days from the service’s own response time', async () => {
    const caseId = await submitAt(undefined);
    const [submitted] = await streamOf(caseId);
    const arrived = new Date(String((submitted?.data as { submittedAt: string }).submittedAt));
    const pending = await scheduler().pending({ caseId });
    const dueOf = (timerId: string) => pending.find((timer) => timer.timerId === timerId)?.dueAt.getTime();
    const respondBy = (submitted?.data as { deadline: { respondBy: string } }).deadline.respondBy;
    expect(dueOf(responseDueTimerId(caseId))).toBe(new Date(respondBy).getTime());
    expect(dueOf(escalationDueTimerId(caseId))).toBe(
      addWorkingDays(new Date(respondBy), 2, HOLIDAYS).getTime(),
    );
    // The clock and the event's own time are a few milliseconds apart: the deadline is 3 working days after either.
    expect(
      Math.abs(new Date(respondBy).getTime() - addWorkingDays(arrived, 3, HOLIDAYS).getTime()),
    ).toBeLessThan(60_000);
    expect((await inbox()).items.find((item) => item.caseId === caseId)).toMatchObject({
      overdue: false,
      respondBy,
    });
  });

  it('cancels the escalation when the service declines an overdue referral in time', async () => {
    // Four working days ago: the three-day deadline has passed, the escalation two days later has not.
    const caseId = await submitAt(addWorkingDays(new Date(), -4, HOLIDAYS));
    await eventually(async () => (await typesOf(caseId)).includes('ReferralOverdue'), WAIT);
    // The scheduler marks the reminder fired once its handler has returned: a moment after the event.
    const pendingIds = async () => (await scheduler().pending({ caseId })).map((timer) => timer.timerId);
    await eventually(async () => (await pendingIds()).length === 1, WAIT);
    expect(await pendingIds()).toEqual([escalationDueTimerId(caseId)]);

    const declined = await intake.call('POST', `/api/referrals/${caseId}/decline`, {
      token: screenerToken,
      body: { reason: 'Outside our area' },
    });
    expect(declined.status).toBe(200);
    expect(await scheduler().pending({ caseId })).toEqual([]);
    expect(await typesOf(caseId)).not.toContain('ReferralEscalated');
  });

  it('flags an open case with no activity for the configured working days as stalled', async () => {
    const open = await submitAt(undefined);
    const declined = await submitAt(undefined);
    await intake.call('POST', `/api/referrals/${declined}/decline`, {
      token: screenerToken,
      body: { reason: 'Outside our area' },
    });
    expect((await inbox('&flag=stalled')).items.map((item) => item.caseId)).not.toContain(open);

    // Twenty-one working days on (INTAKE_STALLED_WORKING_DAYS is 20): the open case is stalled, and overdue.
    clockNow = addWorkingDays(new Date(), 21, HOLIDAYS);
    try {
      const stalled = await inbox('&flag=stalled');
      const ids = stalled.items.map((item) => item.caseId);
      expect(ids).toContain(open);
      expect(ids).not.toContain(declined);
      expect(stalled.items.find((item) => item.caseId === open)).toMatchObject({
        stalled: true,
        overdue: true,
      });
      const one = await intake.call<Summary>('GET', `/api/referrals/${open}`, { token: screenerToken });
      expect(one.body).toMatchObject({ stalled: true, overdue: true });
    } finally {
      clockNow = undefined;
    }
  });

  it('refuses bad settings field by field, and a response time for a referrer', async () => {
    const bad = await intake.call('PUT', `/api/admin/agencies/${service}`, {
      token: admin,
      body: {
        ...serviceSettings,
        responseWorkingDays: 0,
        contactEmail: 'not an address',
        managerEmails: ['manager@rj.example', 'nobody'],
      },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).sort()).toEqual(['/contactEmail', '/managerEmails', '/responseWorkingDays']);

    const referrerWithTime = await intake.call('PUT', `/api/admin/agencies/${referrer}`, {
      token: admin,
      body: { name: 'Deadlines Police', kind: 'referrer', mayReferTo: [service], responseWorkingDays: 5 },
    });
    expect(referrerWithTime.status).toBe(422);
    expect(referrerWithTime.body).toMatchObject({ code: 'NOT_AN_RJ_SERVICE' });

    // The service's own administrator keeps its deadline settings (not its kind or routes).
    const own = await intake.call('PUT', `/api/admin/agencies/${service}`, {
      token: await tokenFor(service, 'agency-admin'),
      body: serviceSettings,
    });
    expect(own.status).toBe(200);
    const read = await intake.call('GET', `/api/admin/agencies/${service}`, { token: admin });
    expect(read.body).toMatchObject({
      responseWorkingDays: 3,
      contactEmail,
      managerEmails,
    });
  });
});
