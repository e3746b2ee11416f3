import type { CaseFile } from './case-file';

export const ACCREDITATIONS = ['standard', 'specialist'] as const;
export type Accreditation = (typeof ACCREDITATIONS)[number];

/** A facilitator as matching sees them: reference data plus their current caseload. */
export interface FacilitatorCandidate {
  readonly id: string;
  /** The RJ service they facilitate for. */
  readonly service: string;
  /** Where they are employed or seconded from: a case referred by that agency is a conflict of interest. */
  readonly homeAgency: string;
  readonly accreditation: Accreditation;
  /** BCP 47 tags. */
  readonly languages: readonly string[];
  readonly maxCaseload: number;
  /** Open cases assigned to them now. */
  readonly caseload: number;
  readonly active: boolean;
}

export const UNSUITABILITIES = [
  'inactive',
  'other-service',
  'conflict-of-interest',
  'not-specialist',
  'at-capacity',
] as const;
export type Unsuitability = (typeof UNSUITABILITIES)[number];

const EXPLANATION: Record<Unsuitability, string> = {
  inactive: 'not taking cases (inactive)',
  'other-service': 'works for another RJ service',
  'conflict-of-interest': 'employed by or seconded from the referring agency',
  'not-specialist': 'the case needs a specialist-accredited facilitator',
  'at-capacity': 'caseload is at its maximum',
};

export const explainUnsuitability = (reason: Unsuitability): string => EXPLANATION[reason];

/** Why a facilitator may not take a case; empty when they may. */
export function unsuitability(facilitator: FacilitatorCandidate, file: CaseFile): Unsuitability[] {
  const reasons: Unsuitability[] = [];
  if (!facilitator.active) reasons.push('inactive');
  if (facilitator.service !== file.receivingService) reasons.push('other-service');
  if (facilitator.homeAgency === file.referringAgency) reasons.push('conflict-of-interest');
  if (file.specialistFacilitator && facilitator.accreditation !== 'specialist')
    reasons.push('not-specialist');
  if (facilitator.caseload >= facilitator.maxCaseload) reasons.push('at-capacity');
  return reasons;
}

/** `en-GB` and `en` are the same language for a conversation. */
const primary = (tag: string): string => (tag.split('-')[0] ?? tag).toLowerCase();

/**
 * 2: speaks a harmed person's language (the process exists for them); 1: another participant's;
 * 0: none.
 */
export function languageFit(
  facilitator: FacilitatorCandidate,
  file: CaseFile,
): { rank: number; language: string | null } {
  const spoken = new Set(facilitator.languages.map(primary));
  const harmed = file.participants.filter((p) => p.role === 'harmed').map((p) => primary(p.language));
  const others = file.participants.filter((p) => p.role !== 'harmed').map((p) => primary(p.language));
  const forHarmed = harmed.find((language) => spoken.has(language));
  if (forHarmed) return { rank: 2, language: forHarmed };
  const forOthers = others.find((language) => spoken.has(language));
  return forOthers ? { rank: 1, language: forOthers } : { rank: 0, language: null };
}

export type FacilitatorChoice =
  | { readonly kind: 'chosen'; readonly facilitatorId: string; readonly explanation: string }
  | {
      readonly kind: 'none';
      readonly reasons: ReadonlyArray<{
        readonly facilitatorId: string;
        readonly reasons: readonly Unsuitability[];
      }>;
      readonly explanation: string;
    };

/**
 * Automatic assignment: among the receiving service's facilitators who may take the case
 * (accredited for it, under capacity, no conflict of interest), prefer one who speaks a
 * participant's language, then the least loaded (absolute, then relative to their maximum), then
 * by id so the choice is deterministic.
 */
export function chooseFacilitator(
  candidates: readonly FacilitatorCandidate[],
  file: CaseFile,
): FacilitatorChoice {
  const ours = candidates.filter((f) => f.service === file.receivingService);
  const assessed = ours.map((f) => ({
    facilitator: f,
    reasons: unsuitability(f, file),
    language: languageFit(f, file),
  }));
  const suitable = assessed.filter((a) => a.reasons.length === 0);
  if (suitable.length === 0) {
    return {
      kind: 'none',
      reasons: assessed.map((a) => ({ facilitatorId: a.facilitator.id, reasons: a.reasons })),
      explanation:
        ours.length === 0
          ? `no facilitators are registered for ${file.receivingService}`
          : `none of the ${ours.length} facilitator(s) of ${file.receivingService} may take this case`,
    };
  }
  const [best] = [...suitable].sort(
    (a, b) =>
      b.language.rank - a.language.rank ||
      a.facilitator.caseload - b.facilitator.caseload ||
      a.facilitator.caseload / a.facilitator.maxCaseload -
        b.facilitator.caseload / b.facilitator.maxCaseload ||
      a.facilitator.id.localeCompare(b.facilitator.id),
  );
  if (!best) throw new Error('unreachable: suitable is not empty');
  const languageNote = best.language.language
    ? `speaks ${best.language.language}`
    : 'speaks none of the participants’ languages (no suitable facilitator does)';
  return {
    kind: 'chosen',
    facilitatorId: best.facilitator.id,
    explanation: `automatic: ${file.specialistFacilitator ? 'specialist-accredited' : 'accredited'}, ${languageNote}, caseload ${best.facilitator.caseload}/${best.facilitator.maxCaseload}, no conflict with ${file.referringAgency}`,
  };
}
