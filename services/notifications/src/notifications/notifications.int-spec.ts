import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AgreementReached,
  CaseEligible,
  ConferenceScheduled,
  ConsentWithdrawn,
  noScreeningRequirements,
  ParticipantContactsShared,
  ReferralAccepted,
  ReferralEscalated,
  ReferralOverdue,
  type CaseParticipant,
  type CaseProfile,
  type ParticipantContact,
} from '@accord/contracts';
import { EVENT_AUDIT, type EventAudit, type RecordedEvent } from '@accord/event-store';
import { startServiceUnderTest, type ServiceUnderTest } from '@accord/platform/testing';
import { eventually, freePort, testToken } from '@accord/testing';
import { MailSinkProcess } from '../../test/mail-sink-process';
import { WebhookReceiver } from '../../test/webhook-receiver';
import { describeWebhooks, WEBHOOK_TEST_ENV } from '../../test/webhook-cases';
import type { NotificationsConfig } from '../notifications.config';
import { notificationsService } from '../notifications.service';
import { notificationsStream } from './notifications.stream';

const WAIT = { timeout: 60_000, interval: 200 };

// One service instance for every case: instances share the consumer group `accord.notifications`,
// so a second one (in another spec file) would take some of this one's messages.
let sink: MailSinkProcess;
let service: ServiceUnderTest<NotificationsConfig>;
let spoolDir: string;
const receiver = new WebhookReceiver();

async function startNotifications(): Promise<ServiceUnderTest<NotificationsConfig>> {
  return startServiceUnderTest(notificationsService, {
    env: {
      NOTIFICATIONS_SMTP_URL: sink.smtpUrl,
      NOTIFICATIONS_SPOOL_DIR: spoolDir,
      NOTIFICATIONS_DISPATCH_INTERVAL_MS: '200',
      NOTIFICATIONS_MAX_BACKOFF_MS: '400',
      ...WEBHOOK_TEST_ENV,
    },
  });
}

beforeAll(async () => {
  sink = new MailSinkProcess(await freePort());
  spoolDir = join(sink.dir, 'spool');
  await sink.start();
  await receiver.start();
  service = await startNotifications();
}, 120_000);

afterAll(async () => {
  await service?.close();
  await sink?.stop();
  await receiver.stop();
});

describeWebhooks({ service: () => service, receiver });

interface Person extends CaseParticipant {
  readonly contact: Omit<ParticipantContact, 'personId'>;
}

const mailbox = () => `p-${randomUUID().slice(0, 8)}@example.org`;

function participant(
  role: CaseParticipant['role'],
  language: string,
  contact: Person['contact'],
  extra: Partial<CaseParticipant> = {},
): Person {
  return { personId: randomUUID(), role, ageAtReferral: 40, language, contact, ...extra };
}

interface Case {
  readonly caseId: string;
  readonly profile: CaseProfile;
  readonly people: readonly Person[];
}

function aCase(people: readonly Person[]): Case {
  return {
    caseId: randomUUID(),
    people,
    profile: {
      referringAgency: 'police-north',
      receivingService: `rj-${randomUUID().slice(0, 8)}`,
      offenceCategory: 'violence',
      incidentDate: '2026-01-02',
      riskLevel: 'low',
      riskFlags: [],
      pendingCourtProceedings: false,
      participants: people.map(({ contact: _contact, ...person }) => person),
    },
  };
}

/** The referral as intake publishes it once accepted: the profile, and apart from it how to reach each person. */
async function referralAccepted(subject: Case): Promise<void> {
  await service.publish('intake', ReferralAccepted.type, subject.caseId, {
    caseId: subject.caseId,
    profile: subject.profile,
    acceptedBy: 'screener-1',
    acceptedAt: new Date().toISOString(),
  });
  await service.publish('intake', ParticipantContactsShared.type, subject.caseId, {
    caseId: subject.caseId,
    participants: subject.people.map((person) => ({ personId: person.personId, ...person.contact })),
    sharedAt: new Date().toISOString(),
  });
}

async function eligible(subject: Case, id?: string): Promise<string> {
  return service.publish(
    'screening',
    CaseEligible.type,
    subject.caseId,
    {
      caseId: subject.caseId,
      profile: subject.profile,
      ruleSetVersion: '2026.1',
      rules: [],
      requirements: noScreeningRequirements(),
      decidedBy: 'system',
      decidedAt: new Date().toISOString(),
    },
    id,
  );
}

async function conferenceScheduled(subject: Case, participants: readonly string[]): Promise<void> {
  await service.publish('conferencing', ConferenceScheduled.type, subject.caseId, {
    caseId: subject.caseId,
    mode: 'face-to-face',
    at: '2026-06-01T10:30:00.000Z',
    where: 'Community Centre, Room 2',
    participants,
    scheduledAt: new Date().toISOString(),
  });
}

const events = async (caseId: string): Promise<readonly RecordedEvent[]> =>
  service.store.readStream(notificationsStream(caseId));

/** Waits until `personId` has a message of `template` settled as `type`, and answers that event. */
async function settled(
  caseId: string,
  personId: string,
  template: string,
  type: 'MessageSent' | 'MessageSuppressed' | 'MessageBounced' | 'MessageDelivered',
): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const event = (await events(caseId)).find(
      (candidate) =>
        candidate.type === type &&
        (candidate.data as { personId?: string }).personId === personId &&
        (candidate.data as { template?: string }).template === template,
    );
    return event ? (event.data as Record<string, unknown>) : false;
  }, WAIT);
}

describe('notifications', () => {
  it('asks each participant for consent in their own language, by their first usable method, saying nothing about the offence or the other party', async () => {
    const harmed = participant(
      'harmed',
      'cy',
      { methods: ['email'], email: mailbox() },
      { willingToBeContacted: true },
    );
    const responsible = participant('responsible', 'en', {
      methods: ['in-person', 'email'],
      email: mailbox(),
    });
    const supporter = participant('supporter', 'en', { methods: ['email'], email: mailbox() });
    const subject = aCase([harmed, responsible, supporter]);
    await referralAccepted(subject);
    await eligible(subject);

    const sent = await settled(subject.caseId, harmed.personId, 'consent-request', 'MessageSent');
    expect(sent).toMatchObject({
      channel: 'email',
      templateVersion: 1,
      language: 'cy',
      to: harmed.contact.email,
    });
    await settled(subject.caseId, responsible.personId, 'consent-request', 'MessageSent');

    const [welsh] = await sink.messagesTo(harmed.contact.email!);
    expect(welsh?.subject).toBe('Gwahoddiad i gymryd rhan mewn cyfiawnder adferol');
    expect(welsh?.language).toBe('cy');
    const [english] = await sink.messagesTo(responsible.contact.email!);
    expect(english?.subject).toBe('An invitation to take part in restorative justice');
    for (const mail of [welsh, english]) {
      expect(mail?.text).not.toMatch(/violence|2026-01-02|police-north/i);
      expect(mail?.text).not.toContain(harmed.personId);
      expect(mail?.text).not.toContain(responsible.personId);
    }
    // A supporter consents for nobody: no consent request.
    expect(await sink.messagesTo(supporter.contact.email!)).toEqual([]);
    expect(await sink.page()).toContain('Gwahoddiad i gymryd rhan');

    const view = await service.call<{ messages: { personId: string; status: string; channel?: string }[] }>(
      'GET',
      `/api/cases/${subject.caseId}/notifications`,
      {
        token: await testToken({
          sub: 'officer-1',
          agency: subject.profile.receivingService,
          roles: ['consent-officer'],
        }),
      },
    );
    expect(view.status).toBe(200);
    expect(view.body.messages).toHaveLength(2);
    const stranger = await service.call('GET', `/api/cases/${subject.caseId}/notifications`, {
      token: await testToken({ sub: 'someone', agency: 'court-central', roles: ['consent-officer'] }),
    });
    expect(stranger.status).toBe(404);
  });

  it('contacts nobody who is not willing, and suppresses a malformed address with its reason while the case goes on', async () => {
    const unwilling = participant(
      'harmed',
      'en',
      { methods: ['email'], email: mailbox() },
      { willingToBeContacted: false },
    );
    const malformed = participant('responsible', 'en', { methods: ['email'], email: 'not-an-address' });
    const texted = participant('guardian', 'en', { methods: ['phone', 'letter'], phone: '+44 7700 900123' });
    const subject = aCase([unwilling, malformed, texted]);
    await referralAccepted(subject);
    await eligible(subject);

    expect(
      await settled(subject.caseId, unwilling.personId, 'consent-request', 'MessageSuppressed'),
    ).toMatchObject({
      reason: 'not-willing-to-be-contacted',
    });
    expect(
      await settled(subject.caseId, malformed.personId, 'consent-request', 'MessageSuppressed'),
    ).toMatchObject({
      reason: 'malformed-address',
      channel: 'email',
    });
    expect(
      await settled(subject.caseId, texted.personId, 'consent-request', 'MessageDelivered'),
    ).toMatchObject({
      channel: 'sms',
    });
    expect(await sink.messagesTo(unwilling.contact.email!)).toEqual([]);
    const texts = readFileSync(join(spoolDir, 'sms.jsonl'), 'utf8');
    expect(texts).toContain(texted.personId);
  });

  it('sends one message per cause: a redelivered event and a restarted service send nothing twice', async () => {
    const harmed = participant(
      'harmed',
      'en',
      { methods: ['email'], email: mailbox() },
      { willingToBeContacted: true },
    );
    const subject = aCase([
      harmed,
      participant('responsible', 'en', { methods: ['letter'], address: '1 High Street' }),
    ]);
    await referralAccepted(subject);
    const eventId = await eligible(subject);
    await settled(subject.caseId, harmed.personId, 'consent-request', 'MessageSent');

    await eligible(subject, eventId);
    await service.close();
    service = await startNotifications();
    await eligible(subject, eventId);
    // A later event for the same person is the marker that the redeliveries were consumed before it.
    await conferenceScheduled(subject, [harmed.personId]);
    await settled(subject.caseId, harmed.personId, 'conference-invitation', 'MessageSent');

    const mails = await sink.messagesTo(harmed.contact.email!);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'An invitation to take part in restorative justice',
      'Your restorative meeting',
    ]);
    expect(mails[1]?.text).toContain('2026-06-01 10:30');
    expect(mails[1]?.text).toContain('Community Centre, Room 2');
  });

  it('keeps messages while the mail server is down and sends them when it returns; a withdrawal stops what is still queued', async () => {
    const staying = participant(
      'harmed',
      'cy',
      { methods: ['email'], email: mailbox() },
      { willingToBeContacted: true },
    );
    const leaving = participant('responsible', 'en', { methods: ['email'], email: mailbox() });
    const subject = aCase([staying, leaving]);
    await referralAccepted(subject);
    await sink.stop();
    try {
      await conferenceScheduled(subject, [staying.personId, leaving.personId]);
      // The dispatcher tried, found the mail server down and backs off: the invitations wait.
      await eventually(async () => {
        const metrics = await (await fetch(`${service.url}/metrics`)).text();
        return /accord_notifications_channel_down\{[^}]*channel="email"[^}]*\} 1/.test(metrics);
      }, WAIT);
      await eventually(
        async () => (await events(subject.caseId)).some((event) => event.type === 'MessageQueued'),
        WAIT,
      );
      await service.publish('consent', ConsentWithdrawn.type, subject.caseId, {
        caseId: subject.caseId,
        personId: leaving.personId,
        role: 'responsible',
        purpose: 'participation',
        method: 'phone',
        recordedBy: 'officer-2',
        recordedAt: new Date().toISOString(),
      });
      expect(
        await settled(subject.caseId, leaving.personId, 'conference-invitation', 'MessageSuppressed'),
      ).toMatchObject({ reason: 'consent-withdrawn' });
      expect((await events(subject.caseId)).some((event) => event.type === 'MessageSent')).toBe(false);
    } finally {
      await sink.start();
    }
    await settled(subject.caseId, staying.personId, 'conference-invitation', 'MessageSent');
    await settled(subject.caseId, leaving.personId, 'withdrawal-confirmation', 'MessageSent');
    const toLeaving = await sink.messagesTo(leaving.contact.email!);
    expect(toLeaving.map((mail) => mail.subject)).toEqual(['We have received your decision']);
    expect((await sink.messagesTo(staying.contact.email!)).map((mail) => mail.subject)).toEqual([
      'Eich cyfarfod adferol',
    ]);

    // Nothing after withdrawal: a later check-in for the withdrawn person is suppressed.
    await service.publish('conferencing', AgreementReached.type, subject.caseId, {
      caseId: subject.caseId,
      actions: [
        {
          actionId: randomUUID(),
          kind: 'apology',
          what: 'A letter of apology',
          by: leaving.personId,
          dueBy: '2026-07-01T00:00:00.000Z',
        },
      ],
      harmedPersons: [staying.personId, leaving.personId],
      heldAt: new Date().toISOString(),
    });
    expect(await settled(subject.caseId, leaving.personId, 'check-in', 'MessageSuppressed')).toMatchObject({
      reason: 'consent-withdrawn',
    });
    expect(await settled(subject.caseId, staying.personId, 'check-in', 'MessageSent')).toMatchObject({
      language: 'cy',
    });
  });

  it('contacts no one after erasure, and records a bounce from the mail server', async () => {
    const erased = participant(
      'harmed',
      'en',
      { methods: ['email'], email: mailbox() },
      { willingToBeContacted: true },
    );
    const bouncing = participant('responsible', 'en', {
      methods: ['email'],
      email: `gone-${randomUUID().slice(0, 6)}@bounce.invalid`,
    });
    const subject = aCase([erased, bouncing]);
    await referralAccepted(subject);
    await eventually(
      async () => (await events(subject.caseId)).some((event) => event.type === 'ContactsRecorded'),
      WAIT,
    );
    // What audit's erasure does: the person's key is deleted (crypto-shredding).
    await service.running.app.get<EventAudit>(EVENT_AUDIT).erasePerson(erased.personId);
    await eligible(subject);
    expect(
      await settled(subject.caseId, erased.personId, 'consent-request', 'MessageSuppressed'),
    ).toMatchObject({
      reason: 'erased',
    });
    expect(
      await settled(subject.caseId, bouncing.personId, 'consent-request', 'MessageBounced'),
    ).toMatchObject({
      channel: 'email',
    });
    expect(await sink.messagesTo(erased.contact.email!)).toEqual([]);
  });

  it("tells a receiving service's mailboxes of an overdue referral, then its managers, each message recorded", async () => {
    // The deadline events come before acceptance: no profile, no participants, only the service's addresses.
    const caseId = randomUUID();
    const service_ = `rj-${randomUUID().slice(0, 8)}`;
    const inbox = mailbox();
    const managers = [mailbox(), 'not-an-address'];
    const respondBy = '2026-03-17T09:30:00.000Z';
    await service.publish('intake', ReferralOverdue.type, caseId, {
      caseId,
      receivingService: service_,
      respondBy,
      notify: [inbox],
      overdueAt: new Date().toISOString(),
    });
    await service.publish('intake', ReferralEscalated.type, caseId, {
      caseId,
      receivingService: service_,
      respondBy,
      notify: managers,
      escalatedAt: new Date().toISOString(),
    });

    const sentTo = async (template: string, type: 'MessageSent' | 'MessageSuppressed') =>
      eventually(async () => {
        const found = (await events(caseId)).filter(
          (event) => event.type === type && (event.data as { template?: string }).template === template,
        );
        return found.length > 0 && found.map((event) => event.data as Record<string, unknown>);
      }, WAIT);
    expect(await sentTo('referral-overdue', 'MessageSent')).toEqual([
      expect.objectContaining({ agency: service_, channel: 'email', to: inbox, templateVersion: 1 }),
    ]);
    expect(await sentTo('referral-escalated', 'MessageSent')).toEqual([
      expect.objectContaining({ agency: service_, to: managers[0] }),
    ]);
    expect(await sentTo('referral-escalated', 'MessageSuppressed')).toEqual([
      expect.objectContaining({ agency: service_, reason: 'malformed-address' }),
    ]);
    const [reminder] = await sink.messagesTo(inbox);
    expect(reminder?.subject).toBe('A referral is waiting for your response');
    expect(reminder?.text).toContain(caseId);
    expect(reminder?.text).toContain('2026-03-17 09:30');
    expect(await sink.messagesTo(managers[0]!)).toHaveLength(1);
  });
});
