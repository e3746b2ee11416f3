import type { CaseFile, CaseFileParticipant } from '../src/case-file';
import type { FacilitatorCandidate } from '../src/facilitator-match';

/** A low-risk property case police-north referred to rj-service-north: no specialist, no safety plan asked for. */
export const lowRiskCaseFile = (
  participants: readonly CaseFileParticipant[],
  overrides: Partial<CaseFile> = {},
): CaseFile => ({
  referringAgency: 'police-north',
  receivingService: 'rj-service-north',
  offenceCategory: 'property',
  riskLevel: 'low',
  participants,
  specialistFacilitator: false,
  safetyPlanRequired: false,
  ...overrides,
});

/** An active facilitator of rj-service-north with standard accreditation, speaking English, with no cases of five. */
export const facilitatorCandidate = (
  id: string,
  overrides: Partial<FacilitatorCandidate> = {},
): FacilitatorCandidate => ({
  id,
  service: 'rj-service-north',
  homeAgency: 'rj-service-north',
  accreditation: 'standard',
  languages: ['en'],
  maxCaseload: 5,
  caseload: 0,
  active: true,
  ...overrides,
});
