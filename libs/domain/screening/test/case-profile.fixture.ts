import { randomUUID } from 'node:crypto';
import type { CaseParticipant, CaseProfile } from '@accord/contracts';

/** A harmed adult willing to be contacted. */
export const harmedPerson = (overrides: Partial<CaseParticipant> = {}): CaseParticipant => ({
  personId: randomUUID(),
  role: 'harmed',
  ageAtReferral: 34,
  willingToBeContacted: true,
  language: 'en',
  ...overrides,
});

/** A responsible adult who accepts responsibility. */
export const responsiblePerson = (overrides: Partial<CaseParticipant> = {}): CaseParticipant => ({
  personId: randomUUID(),
  role: 'responsible',
  ageAtReferral: 29,
  acceptsResponsibility: true,
  language: 'en',
  ...overrides,
});

export const guardianOf = (
  person: CaseParticipant,
  overrides: Partial<CaseParticipant> = {},
): CaseParticipant => ({
  personId: randomUUID(),
  role: 'guardian',
  ageAtReferral: 45,
  supports: person.personId,
  language: 'en',
  ...overrides,
});

/** A profile every rule of 2026-1 passes: change one thing per test. */
export const eligibleProfile = (overrides: Partial<CaseProfile> = {}): CaseProfile => ({
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  offenceCategory: 'property',
  incidentDate: '2025-11-01',
  riskLevel: 'low',
  riskFlags: [],
  pendingCourtProceedings: false,
  participants: [harmedPerson(), responsiblePerson()],
  ...overrides,
});

export const SCREENED_AT = '2026-02-01T10:00:00.000Z';
