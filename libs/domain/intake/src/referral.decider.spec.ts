import { DeciderSpecification, isDomainError, metadataOf, SPEC_IDS } from '@accord/testing';
import {
  harmedInput,
  referralDeclined,
  referralInput,
  responsibleInput,
  supporterInput,
} from '../test/referral.fixture';
import {
  ageOn,
  referralDecider,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralInput,
  type ReferralSubmittedData,
} from './referral.decider';

const given = DeciderSpecification.for(referralDecider);
const { caseId, harmed: harmedId, responsible: responsibleId, supporter: supporterId } = SPEC_IDS;
const referrer = metadataOf('pc-1024', { agency: 'police-north', now: '2026-03-10T09:30:00.000Z' });
const screener = metadataOf('screener-7', { agency: 'rj-service-north', now: '2026-03-11T10:00:00.000Z' });
const stranger = metadataOf('someone', { agency: 'court-central', now: '2026-03-11T10:00:00.000Z' });

const referral: ReferralInput = referralInput({
  harmed: [harmedInput(harmedId)],
  responsible: [responsibleInput(responsibleId, { dateOfBirth: '2009-03-11', language: 'cy' })],
  supporters: [supporterInput(supporterId, responsibleId)],
});

const submit = (
  overrides: Partial<Extract<ReferralCommand, { type: 'SubmitReferral' }>['data']> = {},
): ReferralCommand => ({
  type: 'SubmitReferral',
  data: { caseId, requestHash: 'hash-1', referral, permittedReceivers: ['rj-service-north'], ...overrides },
  metadata: referrer,
});

const submittedData: ReferralSubmittedData = {
  caseId,
  requestHash: 'hash-1',
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  referrerReference: 'PN/2026/0042',
  incident: { ...referral.incident, summaryHeldBy: harmedId },
  people: {
    harmed: [{ ...referral.people.harmed[0]!, ageAtReferral: 36 }],
    // Born 2009-03-11: the day before their 17th birthday.
    responsible: [{ ...referral.people.responsible[0]!, ageAtReferral: 16 }],
    supporters: [{ ...referral.people.supporters[0]!, ageAtReferral: 46 }],
  },
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
  submittedBy: 'pc-1024',
  submittedAt: referrer.now,
};
const submitted: ReferralEvent = { type: 'ReferralSubmitted', data: submittedData };

const profile = {
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  offenceCategory: 'property' as const,
  incidentDate: '2026-02-01',
  riskLevel: 'low' as const,
  riskFlags: [],
  pendingCourtProceedings: false,
  participants: [
    {
      personId: harmedId,
      role: 'harmed' as const,
      ageAtReferral: 36,
      willingToBeContacted: true,
      language: 'en',
    },
    {
      personId: responsibleId,
      role: 'responsible' as const,
      ageAtReferral: 16,
      acceptsResponsibility: true,
      language: 'cy',
    },
    {
      personId: supporterId,
      role: 'supporter' as const,
      ageAtReferral: 46,
      supports: responsibleId,
      language: 'en',
    },
  ],
};
const accepted: ReferralEvent = {
  type: 'ReferralAccepted',
  data: { caseId, profile, acceptedBy: 'screener-7', acceptedAt: screener.now },
};

const declined = referralDeclined(caseId, screener.now);

const contactsShared: ReferralEvent = {
  type: 'ParticipantContactsShared',
  data: {
    caseId,
    participants: [harmedId, responsibleId, supporterId].map((personId) => ({
      personId,
      methods: ['phone'],
      phone: '+44 20 7946 0000',
    })),
    sharedAt: referrer.now,
  },
};

const accept: ReferralCommand = { type: 'AcceptReferral', data: { caseId }, metadata: screener };
const decline = (metadata = screener): ReferralCommand => ({
  type: 'DeclineReferral',
  data: { caseId, reason: 'Out of area' },
  metadata,
});

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn('2008-03-10', '2026-03-09T23:59:59Z')).toBe(17);
    expect(ageOn('2008-03-10', '2026-03-10T00:00:00Z')).toBe(18);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });
});

describe('submitting a referral', () => {
  it('records the referral with server-side ages, from the caller agency; contact preferences go apart, without names', () => {
    given([]).when(submit()).then([submitted, contactsShared]);
    expect(JSON.stringify(referralDecider.decide(submit(), referralDecider.initialState)[1])).not.toMatch(
      /Ada|Ben|Shop window/,
    );
  });

  it('answers a replay with the same body with nothing new', () => {
    given([submitted]).when(submit()).thenNothingHappens();
  });

  it('refuses the same idempotency key with another body', () => {
    given([submitted])
      .when(submit({ requestHash: 'hash-2' }))
      .thenThrows(isDomainError('IDEMPOTENCY_KEY_REUSED', 'conflict'));
  });

  it('refuses an agency that is not a registered referrer', () => {
    given([])
      .when(submit({ permittedReceivers: null }))
      .thenThrows(isDomainError('NOT_A_REFERRING_AGENCY', 'unprocessable'));
  });

  it('refuses a receiving service the referrer may not refer to', () => {
    given([])
      .when(submit({ permittedReceivers: ['rj-service-south'] }))
      .thenThrows(isDomainError('RECEIVER_NOT_PERMITTED', 'unprocessable'));
  });
});

describe('accepting or declining', () => {
  it('accepts with the case profile: ages, roles and flags, no names', () => {
    given([submitted]).when(accept).then([accepted]);
    expect(
      JSON.stringify(
        referralDecider.decide(accept, referralDecider.evolve(referralDecider.initialState, submitted)),
      ),
    ).not.toMatch(/Ada|Shop window|7946/);
  });

  it('declines with the reason and the referring agency', () => {
    given([submitted]).when(decline()).then([declined]);
  });

  it('decides once', () => {
    given([submitted, accepted])
      .when(decline())
      .thenThrows(isDomainError('REFERRAL_ALREADY_DECIDED', 'conflict'));
    given([submitted, accepted])
      .when(accept)
      .thenThrows(isDomainError('REFERRAL_ALREADY_DECIDED', 'conflict'));
  });

  it('hides the case from agencies that neither referred nor receive it', () => {
    given([submitted]).when(decline(stranger)).thenThrows(isDomainError('REFERRAL_NOT_FOUND', 'not-found'));
    given([]).when(accept).thenThrows(isDomainError('REFERRAL_NOT_FOUND', 'not-found'));
  });

  it('lets only the receiving service decide', () => {
    given([submitted])
      .when(decline(referrer))
      .thenThrows(isDomainError('NOT_THE_RECEIVING_SERVICE', 'forbidden'));
  });
});

describe('amending an accepted referral', () => {
  const amend = (
    changes: Extract<ReferralCommand, { type: 'AmendReferral' }>['data']['changes'],
    metadata = referrer,
  ): ReferralCommand => ({
    type: 'AmendReferral',
    data: { caseId, reason: 'New information from the harmed person', changes },
    metadata,
  });

  it('publishes the new profile for re-screening', () => {
    given([submitted, accepted])
      .when(amend({ riskLevel: 'high', participants: [{ personId: harmedId, willingToBeContacted: false }] }))
      .then([
        {
          type: 'ReferralAmended',
          data: {
            caseId,
            profile: {
              ...profile,
              riskLevel: 'high',
              participants: [
                { ...profile.participants[0]!, willingToBeContacted: false },
                profile.participants[1]!,
                profile.participants[2]!,
              ],
            },
            reason: 'New information from the harmed person',
            amendedBy: 'pc-1024',
            amendedAt: referrer.now,
          },
        },
      ]);
  });

  it('comes after acceptance, from the referring agency, and changes something', () => {
    given([submitted])
      .when(amend({ riskLevel: 'high' }))
      .thenThrows(isDomainError('REFERRAL_NOT_ACCEPTED', 'conflict'));
    given([submitted, accepted])
      .when(amend({ riskLevel: 'high' }, screener))
      .thenThrows(isDomainError('NOT_THE_REFERRING_AGENCY', 'forbidden'));
    given([submitted, accepted])
      .when(amend({ riskLevel: 'low' }))
      .thenThrows(isDomainError('NOTHING_CHANGED', 'unprocessable'));
    given([submitted, accepted])
      .when(amend({ participants: [{ personId: responsibleId, willingToBeContacted: true }] }))
      .thenThrows(isDomainError('FIELD_NOT_FOR_ROLE', 'unprocessable'));
  });
});

describe('the response deadline', () => {
  const deadline = { respondBy: '2026-03-17T09:30:00.000Z', escalateAt: '2026-03-19T09:30:00.000Z' };
  const submittedWithDeadline: ReferralEvent = {
    type: 'ReferralSubmitted',
    data: { ...submittedData, deadline },
  };
  const scheduler = metadataOf('system:intake-scheduler', { now: '2026-03-17T09:30:01.000Z' });
  const later = metadataOf('system:intake-scheduler', { now: '2026-03-19T09:30:01.000Z' });
  const remind: ReferralCommand = {
    type: 'RemindReferralResponse',
    data: { caseId, notify: ['referrals@rj-north.example'] },
    metadata: scheduler,
  };
  const escalate: ReferralCommand = {
    type: 'EscalateReferralResponse',
    data: { caseId, notify: ['manager@rj-north.example'] },
    metadata: later,
  };
  const overdue: ReferralEvent = {
    type: 'ReferralOverdue',
    data: {
      caseId,
      receivingService: 'rj-service-north',
      respondBy: deadline.respondBy,
      notify: ['referrals@rj-north.example'],
      overdueAt: scheduler.now,
    },
  };
  const escalated: ReferralEvent = {
    type: 'ReferralEscalated',
    data: {
      caseId,
      receivingService: 'rj-service-north',
      respondBy: deadline.respondBy,
      notify: ['manager@rj-north.example'],
      escalatedAt: later.now,
    },
  };

  it('is fixed at submission, as the handler worked it out', () => {
    given([]).when(submit({ deadline })).then([submittedWithDeadline, contactsShared]);
  });

  it('reminds the receiving service once when it passes undecided', () => {
    given([submittedWithDeadline]).when(remind).then([overdue]);
    given([submittedWithDeadline, overdue]).when(remind).thenNothingHappens();
  });

  it('then escalates to its managers, once', () => {
    given([submittedWithDeadline, overdue]).when(escalate).then([escalated]);
    given([submittedWithDeadline, overdue, escalated]).when(escalate).thenNothingHappens();
  });

  it('decides nothing once the referral was accepted or declined (a timer that fired late)', () => {
    given([submittedWithDeadline, accepted]).when(remind).thenNothingHappens();
    given([submittedWithDeadline, overdue, accepted]).when(escalate).thenNothingHappens();
    given([submittedWithDeadline, overdue, declined]).when(escalate).thenNothingHappens();
  });

  it('decides nothing for a referral without a deadline, or no referral at all', () => {
    given([submitted]).when(remind).thenNothingHappens();
    given([]).when(escalate).thenNothingHappens();
  });

  it('still lets the service decide an overdue, escalated referral', () => {
    given([submittedWithDeadline, overdue, escalated]).when(accept).then([accepted]);
  });
});
