import type { OffenceCategory, ParticipantRole, RiskLevel } from '@accord/contracts';

/** What conferencing keeps of a case, from ConsentsComplete: no names, only what matching and rules need. */
export interface CaseFile {
  readonly referringAgency: string;
  readonly receivingService: string;
  readonly offenceCategory: OffenceCategory;
  readonly riskLevel: RiskLevel;
  readonly participants: readonly CaseFileParticipant[];
  readonly specialistFacilitator: boolean;
  readonly safetyPlanRequired: boolean;
}

export interface CaseFileParticipant {
  readonly personId: string;
  readonly role: ParticipantRole;
  readonly language: string;
}

/** Medium or high risk, or screening said so: no meeting is arranged without a safety plan. */
export function needsSafetyPlan(file: CaseFile): boolean {
  return file.safetyPlanRequired || file.riskLevel === 'medium' || file.riskLevel === 'high';
}

export function harmedPersonsOf(file: CaseFile): string[] {
  return file.participants.filter((p) => p.role === 'harmed').map((p) => p.personId);
}

export function isParticipant(file: CaseFile, personId: string): boolean {
  return file.participants.some((p) => p.personId === personId);
}
