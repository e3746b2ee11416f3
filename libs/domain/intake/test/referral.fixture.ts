import type {
  HarmedPersonInput,
  ReferralEvent,
  ReferralInput,
  ResponsiblePersonInput,
  SupporterInput,
} from '../src';

/** How every person of these referrals may be reached: a number kept for drama, never a real line. */
export const referralContact = { methods: ['phone' as const], phone: '+44 20 7946 0000' };

/** Someone speaking English, reachable by `referralContact`; `more` is what their role adds. */
const person = <More extends object>(personId: string, name: string, dateOfBirth: string, more: More) => {
  const details = { personId, name, dateOfBirth, contactPreferences: referralContact, language: 'en' };
  return { ...details, ...more };
};

/** Ada, an adult harmed person willing to be contacted. */
export const harmedInput = (
  personId: string,
  overrides: Partial<HarmedPersonInput> = {},
): HarmedPersonInput =>
  person(personId, 'Ada Lovelace', '1990-03-10', { willingToBeContacted: true, ...overrides });

/** Ben, an adult responsible person who accepts responsibility. */
export const responsibleInput = (
  personId: string,
  overrides: Partial<ResponsiblePersonInput> = {},
): ResponsiblePersonInput =>
  person(personId, 'Ben Jonson', '1995-06-01', { acceptsResponsibility: true, ...overrides });

/** Cy, an adult supporting `supports`. */
export const supporterInput = (personId: string, supports: string): SupporterInput =>
  person(personId, 'Cy', '1980-01-01', { supports });

/** A low-risk property referral from police-north (its reference PN/2026/0042) to rj-service-north. */
export const referralInput = (
  people: ReferralInput['people'],
  overrides: Partial<ReferralInput> = {},
): ReferralInput => ({
  receivingService: 'rj-service-north',
  referrerReference: 'PN/2026/0042',
  incident: { offenceCategory: 'property', date: '2026-02-01', summary: 'Shop window broken.' },
  people,
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
  ...overrides,
});

/** The receiving service's screener-7 declines a police-north referral: out of area. */
export const referralDeclined = (caseId: string, declinedAt: string): ReferralEvent => ({
  type: 'ReferralDeclined',
  data: {
    caseId,
    referringAgency: 'police-north',
    reason: 'Out of area',
    declinedBy: 'screener-7',
    declinedAt,
  },
});
