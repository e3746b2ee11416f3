import { randomUUID } from 'node:crypto';
import type { CaseParticipant, CaseProfile } from '@accord/contracts';
import { DeciderSpecification, metadataOf } from '@accord/testing';
import {
  notificationsDecider,
  planDelivery,
  type NotificationsCommand,
  type NotificationsEvent,
  type QueuedMessageInput,
} from './notifications.decider';
import { renderMessage, TEMPLATES, templateLanguage } from './templates';

const spec = DeciderSpecification.for(notificationsDecider);
const NOW = '2026-04-01T09:00:00.000Z';
const system = metadataOf('system:notifications', { now: NOW });
const caseId = randomUUID();
const harmed: CaseParticipant = {
  personId: randomUUID(),
  role: 'harmed',
  ageAtReferral: 30,
  language: 'cy',
  willingToBeContacted: true,
};
const responsible: CaseParticipant = {
  personId: randomUUID(),
  role: 'responsible',
  ageAtReferral: 30,
  language: 'en',
};
const profile: CaseProfile = {
  referringAgency: 'police-north',
  receivingService: 'rj-north',
  offenceCategory: 'violence',
  incidentDate: '2026-01-01',
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
  participants: [harmed, responsible],
};

const profileRecorded: NotificationsEvent = {
  type: 'ProfileRecorded',
  data: {
    caseId,
    referringAgency: 'police-north',
    receivingService: 'rj-north',
    participants: [
      { personId: harmed.personId, role: 'harmed', language: 'cy', willingToBeContacted: true },
      { personId: responsible.personId, role: 'responsible', language: 'en' },
    ],
    recordedAt: NOW,
  },
};
const contacts = (email: string, methods: ('email' | 'phone' | 'letter' | 'in-person')[] = ['email']) =>
  ({
    type: 'ContactsRecorded',
    data: {
      caseId,
      participants: [
        { personId: harmed.personId, methods, email, phone: '07700 900123' },
        { personId: responsible.personId, methods: ['letter'], address: '1 High Street' },
      ],
      recordedAt: NOW,
    },
  }) as const satisfies NotificationsEvent;

const invitation: QueuedMessageInput = {
  messageId: randomUUID(),
  personId: harmed.personId,
  template: 'conference-invitation',
  params: { at: '2026-05-01T10:00:00.000Z', where: 'Room 2' },
};
const queued: NotificationsEvent = { type: 'MessageQueued', data: { ...invitation, caseId, queuedAt: NOW } };

const withdraw = (stopsContact: boolean): NotificationsCommand => ({
  type: 'RecordWithdrawal',
  data: {
    caseId,
    personId: harmed.personId,
    stopsContact,
    confirmation: {
      messageId: 'confirm-1',
      personId: harmed.personId,
      template: 'withdrawal-confirmation',
      params: {},
    },
  },
  metadata: system,
});

const stateOf = (events: NotificationsEvent[]) =>
  events.reduce(notificationsDecider.evolve, notificationsDecider.initialState);

describe('queueing', () => {
  it('records the profile a causing event carries, and queues each message once', () => {
    const command: NotificationsCommand = {
      type: 'QueueMessages',
      data: { caseId, profile, messages: [invitation] },
      metadata: system,
    };
    spec([]).when(command).then([profileRecorded, queued]);
    spec([profileRecorded, queued]).when(command).thenNothingHappens();
  });
});

describe('withdrawal', () => {
  it('suppresses what is still queued for the person and queues only the confirmation', () => {
    spec([profileRecorded, queued])
      .when(withdraw(true))
      .then([
        {
          type: 'MessageQueued',
          data: {
            messageId: 'confirm-1',
            personId: harmed.personId,
            template: 'withdrawal-confirmation',
            params: {},
            caseId,
            queuedAt: NOW,
          },
        },
        { type: 'ParticipantWithdrew', data: { caseId, personId: harmed.personId, withdrawnAt: NOW } },
        {
          type: 'MessageSuppressed',
          data: {
            caseId,
            messageId: invitation.messageId,
            personId: harmed.personId,
            template: 'conference-invitation',
            templateVersion: 1,
            language: 'cy',
            reason: 'consent-withdrawn',
            suppressedAt: NOW,
          },
        },
      ]);
  });

  it('a withdrawn sharing consent is confirmed but stops nothing', () => {
    const events = notificationsDecider.decide(withdraw(false), stateOf([profileRecorded, queued]));
    expect(events.map((event) => event.type)).toEqual(['MessageQueued']);
  });
});

describe('planDelivery', () => {
  it('waits for the contact preferences, then takes the first usable method in the person’s order', () => {
    expect(planDelivery(stateOf([profileRecorded, queued]), invitation.messageId).kind).toBe('wait');
    expect(
      planDelivery(stateOf([profileRecorded, contacts('a@example.org'), queued]), invitation.messageId),
    ).toMatchObject({ kind: 'send', channel: 'email', to: 'a@example.org' });
    expect(
      planDelivery(
        stateOf([profileRecorded, contacts('broken', ['email', 'phone']), queued]),
        invitation.messageId,
      ),
    ).toMatchObject({ kind: 'send', channel: 'sms' });
  });

  it('suppresses with the reason: malformed, in person only, erased, not willing', () => {
    const plan = (events: NotificationsEvent[]) =>
      planDelivery(stateOf([...events, queued]), invitation.messageId);
    expect(plan([profileRecorded, contacts('broken')])).toEqual({
      kind: 'suppress',
      reason: 'malformed-address',
      channel: 'email',
    });
    expect(plan([profileRecorded, contacts('a@example.org', ['in-person'])])).toMatchObject({
      reason: 'no-usable-contact-method',
    });
    expect(plan([profileRecorded, contacts('[erased]')])).toMatchObject({ reason: 'erased' });
    const unwilling: NotificationsEvent = {
      type: 'ProfileRecorded',
      data: {
        ...profileRecorded.data,
        participants: [{ personId: harmed.personId, role: 'harmed', language: 'en' }],
      },
    };
    expect(plan([unwilling, contacts('a@example.org')])).toMatchObject({
      reason: 'not-willing-to-be-contacted',
    });
  });
});

describe('templates', () => {
  it('has every template in English and Welsh, and Welsh for cy tags only', () => {
    for (const template of Object.values(TEMPLATES)) {
      expect(template.wording.en.body).not.toEqual(template.wording.cy.body);
    }
    expect(templateLanguage('cy-GB')).toBe('cy');
    expect(templateLanguage('pl')).toBe('en');
  });

  it('says when and where, and nothing else about the case', () => {
    const rendered = renderMessage('conference-invitation', 'en', {
      at: '2026-05-01T10:00:00.000Z',
      where: 'Room 2',
    });
    expect(rendered.text).toContain('2026-05-01 10:00');
    expect(rendered.text).toContain('Room 2');
    expect(rendered.text).not.toMatch(/\{\{|offence|victim|offender|crime/i);
  });
});

describe("an agency's mailbox (a referral's deadline reminder or escalation)", () => {
  const reminder = (email: string): QueuedMessageInput => ({
    messageId: randomUUID(),
    personId: randomUUID(),
    template: 'referral-overdue',
    params: { at: '2026-03-17T09:30:00.000Z', reference: caseId },
    mailbox: { agency: 'rj-north', email },
  });
  const queuedFor = (message: QueuedMessageInput): NotificationsEvent => ({
    type: 'MessageQueued',
    data: { ...message, caseId, queuedAt: NOW },
  });

  it('goes by email to the address, needing no profile and no contact preferences', () => {
    const message = reminder('referrals@rj-north.example');
    const state = stateOf([queuedFor(message)]);
    expect(planDelivery(state, message.messageId)).toMatchObject({
      kind: 'send',
      channel: 'email',
      to: 'referrals@rj-north.example',
    });
  });

  it('is not stopped by a participant’s withdrawal, and records the agency with each outcome', () => {
    const message = reminder('referrals@rj-north.example');
    const state = stateOf([
      profileRecorded,
      queuedFor(message),
      { type: 'ParticipantWithdrew', data: { caseId, personId: harmed.personId, withdrawnAt: NOW } },
    ]);
    expect(planDelivery(state, message.messageId).kind).toBe('send');
    spec([queuedFor(message)])
      .when({
        type: 'SettleMessage',
        data: {
          caseId,
          messageId: message.messageId,
          outcome: { kind: 'sent', channel: 'email', to: 'referrals@rj-north.example', delivered: false },
        },
        metadata: system,
      })
      .then([
        {
          type: 'MessageSent',
          data: {
            caseId,
            messageId: message.messageId,
            personId: message.personId,
            agency: 'rj-north',
            template: 'referral-overdue',
            templateVersion: 1,
            language: 'en',
            channel: 'email',
            to: 'referrals@rj-north.example',
            sentAt: NOW,
          },
        },
      ]);
  });

  it('is suppressed with its reason when the address is malformed', () => {
    const message = reminder('not an address');
    expect(planDelivery(stateOf([queuedFor(message)]), message.messageId)).toEqual({
      kind: 'suppress',
      reason: 'malformed-address',
      channel: 'email',
    });
  });

  it('names the case and the passed deadline, in English and Welsh', () => {
    const en = renderMessage('referral-overdue', 'en', { at: '2026-03-17T09:30:00.000Z', reference: caseId });
    expect(en.text).toContain(caseId);
    expect(en.text).toContain('2026-03-17 09:30');
    const cy = renderMessage('referral-escalated', 'cy', {
      at: '2026-03-17T09:30:00.000Z',
      reference: caseId,
    });
    expect(cy.text).toContain(caseId);
    expect(cy.subject).not.toBe(renderMessage('referral-escalated', 'en', {}).subject);
  });
});
