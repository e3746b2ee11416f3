import { randomUUID } from 'node:crypto';
import { integrationEventFor, type ConsentPurpose, type SharingScope } from '@accord/contracts';
import { assertContract, DeciderSpecification, isDomainError, metadataOf } from '@accord/testing';
import { caseFixture, person, type CaseFixture } from '../test/case-fixture';
import {
  consentDecider,
  type ConsentCommand,
  type ConsentEvent,
  type RecordConsent,
  type WithdrawConsent,
} from './consent.decider';

const spec = DeciderSpecification.for(consentDecider);
const OPENED = '2026-03-01T09:00:00.000Z';
const LATER = '2026-03-05T09:00:00.000Z';
const policy = { expiryDays: 30, reminderDaysBefore: 7 };

const request = (fixture: CaseFixture, now = OPENED): ConsentCommand => ({
  type: 'RequestConsents',
  data: { caseId: fixture.caseId, profile: fixture.profile, requirements: fixture.requirements, policy },
  metadata: metadataOf('system:consent', { agency: fixture.profile.receivingService, now }),
});

const officer = (fixture: CaseFixture, agency = fixture.profile.receivingService) =>
  metadataOf('officer-3', { agency, roles: ['consent-officer'], now: LATER });

const scheduler = metadataOf('system:consent-scheduler', { now: LATER });

function recordConsent(
  fixture: CaseFixture,
  personId: string,
  decision: 'given' | 'declined',
  extra: Partial<RecordConsent['data']> = {},
  agency = fixture.profile.receivingService,
): RecordConsent {
  return {
    type: 'RecordConsent',
    data: {
      caseId: fixture.caseId,
      personId,
      purpose: 'participation',
      decision,
      method: 'in-person',
      ...extra,
    },
    metadata: officer(fixture, agency),
  };
}

/** The harmed person consents to share `information` with `agency`. */
const shareWith = (
  fixture: CaseFixture,
  agency: string,
  information: SharingScope['information'] = ['outcome'],
): RecordConsent =>
  recordConsent(fixture, fixture.harmed.personId, 'given', {
    purpose: 'information-sharing',
    sharing: { agency, information },
  });

function withdraw(
  fixture: CaseFixture,
  personId: string,
  purpose: ConsentPurpose = 'participation',
  extra: Partial<WithdrawConsent['data']> = {},
): WithdrawConsent {
  return {
    type: 'WithdrawConsent',
    data: {
      caseId: fixture.caseId,
      personId,
      purpose,
      method: 'phone',
      ...extra,
    },
    metadata: officer(fixture),
  };
}

/** The harmed and the responsible person both consent to take part. */
const bothTakePart = (fixture: CaseFixture): RecordConsent[] => [
  recordConsent(fixture, fixture.harmed.personId, 'given'),
  recordConsent(fixture, fixture.responsible.personId, 'given'),
];

/** Runs commands in order from nothing, returning every event decided. */
const history = (...commands: ConsentCommand[]): ConsentEvent[] => spec.history([], ...commands);

const types = (events: readonly ConsentEvent[]) => events.map((event) => event.type);

describe('consent decider: requesting consent', () => {
  it('opens the case with a due date and a reminder, and asks the harmed and responsible persons', () => {
    const fixture = caseFixture();
    spec([])
      .when(request(fixture))
      .then([
        {
          type: 'ConsentCaseOpened',
          data: {
            caseId: fixture.caseId,
            profile: fixture.profile,
            requirements: fixture.requirements,
            openedAt: OPENED,
            dueAt: '2026-03-31T09:00:00.000Z',
            remindAt: '2026-03-24T09:00:00.000Z',
          },
        },
        {
          type: 'ConsentRequested',
          data: {
            caseId: fixture.caseId,
            personId: fixture.harmed.personId,
            role: 'harmed',
            purpose: 'participation',
            requestedAt: OPENED,
            dueAt: '2026-03-31T09:00:00.000Z',
            remindAt: '2026-03-24T09:00:00.000Z',
          },
        },
        {
          type: 'ConsentRequested',
          data: {
            caseId: fixture.caseId,
            personId: fixture.responsible.personId,
            role: 'responsible',
            purpose: 'participation',
            requestedAt: OPENED,
            dueAt: '2026-03-31T09:00:00.000Z',
            remindAt: '2026-03-24T09:00:00.000Z',
          },
        },
      ]);
  });

  it('sets no reminder that would fall before the request', () => {
    const fixture = caseFixture();
    const [opened] = consentDecider.decide(
      {
        ...request(fixture),
        data: { ...request(fixture).data, policy: { expiryDays: 3, reminderDaysBefore: 7 } },
      } as ConsentCommand,
      consentDecider.initialState,
    );
    expect(opened?.type === 'ConsentCaseOpened' && opened.data.remindAt).toBeUndefined();
  });

  it("asks a minor's guardian, and records that a minor without a named guardian needs one", () => {
    const minor = person('responsible', { ageAtReferral: 16 });
    const guardian = person('guardian', { supports: minor.personId });
    const unguarded = person('harmed', { ageAtReferral: 13 });
    const fixture = caseFixture({
      extra: [minor, guardian, unguarded],
      requirements: { guardianConsentFor: [minor.personId, unguarded.personId] },
    });
    const events = consentDecider.decide(request(fixture), consentDecider.initialState);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'ConsentRequested',
        data: expect.objectContaining({
          personId: guardian.personId,
          role: 'guardian',
          onBehalfOf: [minor.personId],
        }),
      }),
    );
    expect(events).toContainEqual({
      type: 'GuardianNeeded',
      data: { caseId: fixture.caseId, personId: unguarded.personId, recordedAt: OPENED },
    });
  });

  it('asks nothing again when the same decision arrives twice', () => {
    const fixture = caseFixture();
    spec(history(request(fixture)))
      .when(request(fixture, LATER))
      .thenNothingHappens();
  });

  it('asks only the newly required when re-screening changes the profile', () => {
    const fixture = caseFixture();
    const second = person('harmed');
    const amended: CaseFixture = {
      ...fixture,
      profile: { ...fixture.profile, participants: [...fixture.profile.participants, second] },
    };
    const events = consentDecider.decide(request(amended, LATER), spec.stateAfter(history(request(fixture))));
    expect(types(events)).toEqual(['ConsentRequirementsUpdated', 'ConsentRequested']);
    expect(events[1]).toMatchObject({
      data: { personId: second.personId, dueAt: '2026-03-31T09:00:00.000Z' },
    });
  });
});

describe('consent decider: recording consent', () => {
  it('records who took consent, how and when', () => {
    const fixture = caseFixture();
    spec(history(request(fixture)))
      .when(recordConsent(fixture, fixture.harmed.personId, 'given'))
      .then([
        {
          type: 'ConsentGiven',
          data: {
            caseId: fixture.caseId,
            personId: fixture.harmed.personId,
            role: 'harmed',
            purpose: 'participation',
            method: 'in-person',
            recordedBy: 'officer-3',
            recordedAt: LATER,
          },
        },
      ]);
  });

  it('completes when the last required participation consent is given, carrying profile and requirements', () => {
    const fixture = caseFixture();
    const given = history(request(fixture), recordConsent(fixture, fixture.harmed.personId, 'given'));
    const events = consentDecider.decide(
      recordConsent(fixture, fixture.responsible.personId, 'given'),
      spec.stateAfter(given),
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'ConsentGiven' }),
      {
        type: 'ConsentsComplete',
        data: {
          caseId: fixture.caseId,
          profile: fixture.profile,
          requirements: fixture.requirements,
          completedAt: LATER,
        },
      },
    ]);
  });

  it('waits for the guardian, and for a guardian to be named where none is', () => {
    const minor = person('responsible', { ageAtReferral: 17 });
    const fixture = caseFixture({ extra: [minor], requirements: { guardianConsentFor: [minor.personId] } });
    const events = history(
      request(fixture),
      ...bothTakePart(fixture),
      recordConsent(fixture, minor.personId, 'given'),
    );
    expect(types(events)).not.toContain('ConsentsComplete');
    const guardian = person('guardian', { supports: minor.personId });
    const named: CaseFixture = {
      ...fixture,
      profile: { ...fixture.profile, participants: [...fixture.profile.participants, guardian] },
    };
    const more = consentDecider.decide(request(named, LATER), spec.stateAfter(events));
    expect(types(more)).toEqual(['ConsentRequirementsUpdated', 'ConsentRequested']);
    const last = consentDecider.decide(
      recordConsent(named, guardian.personId, 'given'),
      spec.stateAfter([...events, ...more]),
    );
    expect(types(last)).toEqual(['ConsentGiven', 'ConsentsComplete']);
  });

  it('halts at once when the harmed person declines', () => {
    const fixture = caseFixture();
    spec(history(request(fixture)))
      .when(recordConsent(fixture, fixture.harmed.personId, 'declined'))
      .then([
        expect.objectContaining({ type: 'ConsentDeclined' }) as ConsentEvent,
        {
          type: 'CaseHalted',
          data: {
            caseId: fixture.caseId,
            reason: 'harmed-person-declined',
            personId: fixture.harmed.personId,
            explanation: expect.any(String) as string,
            haltedAt: LATER,
          },
        },
      ]);
  });

  it('halts when the responsible person declines (consent-declined), not when a supporter does', () => {
    const supporter = person('supporter');
    const fixture = caseFixture({ extra: [supporter] });
    const responsible = consentDecider.decide(
      recordConsent(fixture, fixture.responsible.personId, 'declined'),
      spec.stateAfter(history(request(fixture))),
    );
    expect(responsible[1]).toMatchObject({ type: 'CaseHalted', data: { reason: 'consent-declined' } });
    spec(history(request(fixture)))
      .when(recordConsent(fixture, supporter.personId, 'declined'))
      .then([expect.objectContaining({ type: 'ConsentDeclined' }) as ConsentEvent]);
  });

  it('refuses anything after a halt with 409', () => {
    const fixture = caseFixture();
    spec(history(request(fixture), recordConsent(fixture, fixture.harmed.personId, 'declined')))
      .when(recordConsent(fixture, fixture.responsible.personId, 'given'))
      .thenThrows(isDomainError('CASE_HALTED'));
  });

  it('refuses the same consent twice, and a decline of a consent in force', () => {
    const fixture = caseFixture();
    const given = history(request(fixture), recordConsent(fixture, fixture.harmed.personId, 'given'));
    spec(given)
      .when(recordConsent(fixture, fixture.harmed.personId, 'given'))
      .thenThrows(isDomainError('CONSENT_ALREADY_GIVEN'));
    spec(given)
      .when(recordConsent(fixture, fixture.harmed.personId, 'declined'))
      .thenThrows(isDomainError('CONSENT_ALREADY_GIVEN'));
  });

  it('refuses someone who is not in the case (422), the referrer (403) and other agencies (404)', () => {
    const fixture = caseFixture();
    const opened = history(request(fixture));
    spec(opened)
      .when(recordConsent(fixture, randomUUID(), 'given'))
      .thenThrows(isDomainError('NOT_A_PARTICIPANT'));
    spec(opened)
      .when(recordConsent(fixture, fixture.harmed.personId, 'given', {}, fixture.profile.referringAgency))
      .thenThrows(isDomainError('NOT_RECEIVING_SERVICE'));
    spec(opened)
      .when(recordConsent(fixture, fixture.harmed.personId, 'given', {}, 'elsewhere'))
      .thenThrows(isDomainError('CASE_NOT_FOUND'));
    spec([])
      .when(recordConsent(fixture, fixture.harmed.personId, 'given'))
      .thenThrows(isDomainError('CASE_NOT_FOUND'));
  });

  it('records information-sharing consent per agency without completing or halting anything', () => {
    const fixture = caseFixture();
    const sharing: SharingScope = {
      agency: 'victim-support',
      information: ['contact-details', 'outcome-agreement'],
    };
    const opened = history(request(fixture));
    spec(opened)
      .when(
        recordConsent(fixture, fixture.harmed.personId, 'given', { purpose: 'information-sharing', sharing }),
      )
      .then([
        expect.objectContaining({
          type: 'ConsentGiven',
          data: expect.objectContaining({ purpose: 'information-sharing', sharing }),
        }) as ConsentEvent,
      ]);
    spec(opened)
      .when(
        recordConsent(fixture, fixture.harmed.personId, 'declined', {
          purpose: 'information-sharing',
          sharing,
        }),
      )
      .then([expect.objectContaining({ type: 'ConsentDeclined' }) as ConsentEvent]);
    spec(opened)
      .when(recordConsent(fixture, fixture.harmed.personId, 'given', { purpose: 'information-sharing' }))
      .thenThrows(isDomainError('SHARING_SCOPE_MISSING'));
  });
});

describe('consent decider: withdrawing consent', () => {
  it('halts a complete case when anyone withdraws', () => {
    const fixture = caseFixture();
    const complete = history(request(fixture), ...bothTakePart(fixture));
    expect(types(complete)).toContain('ConsentsComplete');
    spec(complete)
      .when(
        withdraw(fixture, fixture.responsible.personId, 'participation', { reason: 'changed their mind' }),
      )
      .then([
        {
          type: 'ConsentWithdrawn',
          data: {
            caseId: fixture.caseId,
            personId: fixture.responsible.personId,
            role: 'responsible',
            purpose: 'participation',
            method: 'phone',
            recordedBy: 'officer-3',
            recordedAt: LATER,
            reason: 'changed their mind',
          },
        },
        expect.objectContaining({
          type: 'CaseHalted',
          data: expect.objectContaining({
            reason: 'consent-withdrawn',
            personId: fixture.responsible.personId,
          }),
        }) as ConsentEvent,
      ]);
  });

  it('withdraws sharing with one agency or all of them, without stopping the case', () => {
    const fixture = caseFixture();
    const shared = history(
      request(fixture),
      shareWith(fixture, 'police', ['contact-details']),
      shareWith(fixture, 'charity', ['contact-details']),
    );
    const one = consentDecider.decide(
      withdraw(fixture, fixture.harmed.personId, 'information-sharing', { agency: 'police' }),
      spec.stateAfter(shared),
    );
    expect(types(one)).toEqual(['ConsentWithdrawn']);
    const all = consentDecider.decide(
      withdraw(fixture, fixture.harmed.personId, 'information-sharing'),
      spec.stateAfter(shared),
    );
    expect(types(all)).toEqual(['ConsentWithdrawn', 'ConsentWithdrawn']);
  });

  it('still lets a halted case withdraw what is in force, without halting again', () => {
    const fixture = caseFixture();
    const events = history(
      request(fixture),
      shareWith(fixture, 'police'),
      recordConsent(fixture, fixture.responsible.personId, 'declined'),
    );
    spec(events)
      .when(withdraw(fixture, fixture.harmed.personId, 'information-sharing'))
      .then([expect.objectContaining({ type: 'ConsentWithdrawn' }) as ConsentEvent]);
  });

  it('refuses to withdraw what was never given', () => {
    const fixture = caseFixture();
    spec(history(request(fixture)))
      .when(withdraw(fixture, fixture.harmed.personId))
      .thenThrows(isDomainError('NOTHING_TO_WITHDRAW'));
  });
});

describe('consent decider: timers', () => {
  it('reminds once while consent is outstanding, listing who is missing', () => {
    const fixture = caseFixture();
    const given = history(request(fixture), recordConsent(fixture, fixture.harmed.personId, 'given'));
    const remind: ConsentCommand = {
      type: 'RemindConsents',
      data: { caseId: fixture.caseId },
      metadata: scheduler,
    };
    spec(given)
      .when(remind)
      .then([
        {
          type: 'ConsentReminderDue',
          data: {
            caseId: fixture.caseId,
            dueAt: '2026-03-31T09:00:00.000Z',
            outstanding: [
              { personId: fixture.responsible.personId, role: 'responsible', purpose: 'participation' },
            ],
            guardiansNeeded: [],
            remindedAt: LATER,
          },
        },
      ]);
    spec(history(request(fixture), remind))
      .when(remind)
      .thenNothingHappens();
  });

  it('halts an incomplete case at the due date, and leaves a complete one alone', () => {
    const fixture = caseFixture();
    const expire: ConsentCommand = {
      type: 'ExpireConsents',
      data: { caseId: fixture.caseId },
      metadata: scheduler,
    };
    const [halt] = consentDecider.decide(expire, spec.stateAfter(history(request(fixture))));
    expect(halt).toMatchObject({ type: 'CaseHalted', data: { reason: 'consent-expired' } });
    const complete = history(request(fixture), ...bothTakePart(fixture));
    spec(complete).when(expire).thenNothingHappens();
  });
});

describe('consent decider: published events keep their contracts', () => {
  it('every published event of a full run passes its contract', () => {
    const fixture = caseFixture();
    const events = history(
      request(fixture),
      shareWith(fixture, 'police'),
      ...bothTakePart(fixture),
      withdraw(fixture, fixture.harmed.personId, 'participation', { reason: 'no longer wants to meet' }),
    );
    const published = events.filter((event) => integrationEventFor(event.type, 1)?.source === 'consent');
    expect(types(published)).toEqual([
      'ConsentGiven',
      'ConsentGiven',
      'ConsentGiven',
      'ConsentsComplete',
      'ConsentWithdrawn',
      'CaseHalted',
    ]);
    for (const event of published) {
      const contract = integrationEventFor(event.type, 1);
      if (!contract) throw new Error(`${event.type} has no contract`);
      assertContract(contract, event.data);
    }
  });
});
