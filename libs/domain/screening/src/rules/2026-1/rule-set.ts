import type { RuleSet } from '../rule';
import { guardianConsent } from './guardian-consent.rule';
import { harmedPersonIdentified } from './harmed-person-identified.rule';
import { harmedPersonWilling } from './harmed-person-willing.rule';
import { incidentDate } from './incident-date.rule';
import { pendingCourtProceedings } from './pending-court-proceedings.rule';
import { responsibilityAccepted } from './responsibility-accepted.rule';
import { responsiblePersonIdentified } from './responsible-person-identified.rule';
import { riskFlags } from './risk-flags.rule';
import { riskLevel } from './risk-level.rule';
import { specialistCategory } from './specialist-category.rule';
import { youthJusticePath } from './youth-justice-path.rule';

/** Eligibility rules in force from 2026 (DOMAIN.md, "Rules worth encoding"). Never edit: add 2026-2. */
export const ruleSet2026_1: RuleSet = {
  version: '2026-1',
  rules: [
    harmedPersonIdentified,
    responsiblePersonIdentified,
    responsibilityAccepted,
    harmedPersonWilling,
    specialistCategory,
    riskLevel,
    riskFlags,
    youthJusticePath,
    guardianConsent,
    pendingCourtProceedings,
    incidentDate,
  ],
};
