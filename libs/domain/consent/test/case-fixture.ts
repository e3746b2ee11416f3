import { randomUUID } from 'node:crypto';
import {
  noScreeningRequirements,
  type CaseEligibleV1,
  type CaseParticipant,
  type CaseProfile,
  type ScreeningRequirements,
} from '@accord/contracts';

export const person = (
  role: CaseParticipant['role'],
  overrides: Partial<CaseParticipant> = {},
): CaseParticipant => ({
  personId: randomUUID(),
  role,
  ageAtReferral: 35,
  language: 'en',
  ...(role === 'harmed' ? { willingToBeContacted: true } : {}),
  ...(role === 'responsible' ? { acceptsResponsibility: true } : {}),
  ...overrides,
});

export interface CaseFixture {
  readonly caseId: string;
  readonly harmed: CaseParticipant;
  readonly responsible: CaseParticipant;
  readonly profile: CaseProfile;
  readonly requirements: ScreeningRequirements;
}

/** An adult harmed and responsible person; `extra` adds guardians, supporters, minors. */
export function caseFixture(
  options: {
    extra?: CaseParticipant[];
    requirements?: Partial<ScreeningRequirements>;
    responsible?: Partial<CaseParticipant>;
  } = {},
): CaseFixture {
  const harmed = person('harmed');
  const responsible = person('responsible', options.responsible);
  return {
    caseId: randomUUID(),
    harmed,
    responsible,
    profile: {
      referringAgency: `police-${randomUUID().slice(0, 8)}`,
      receivingService: `rj-${randomUUID().slice(0, 8)}`,
      offenceCategory: 'property',
      incidentDate: '2025-11-01',
      riskLevel: 'low',
      riskFlags: [],
      pendingCourtProceedings: false,
      participants: [harmed, responsible, ...(options.extra ?? [])],
    },
    requirements: noScreeningRequirements(options.requirements),
  };
}

export const caseEligible = (fixture: CaseFixture, decidedAt = new Date().toISOString()): CaseEligibleV1 => ({
  caseId: fixture.caseId,
  profile: fixture.profile,
  ruleSetVersion: '2026-1',
  rules: [
    {
      rule: 'harmed-person-willing',
      result: 'pass',
      reasonCode: 'HARMED_PERSON_WILLING',
      explanation: 'Every harmed person is willing to be contacted.',
    },
  ],
  requirements: fixture.requirements,
  decidedBy: 'system',
  decidedAt,
});
