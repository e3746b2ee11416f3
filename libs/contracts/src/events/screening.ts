import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { defineIntegrationEvents } from '../integration-event';
import { CaseProfile } from './common';
import { Nested, Reason, Text } from '../fields';

export const SCREENING_OUTCOMES = ['eligible', 'ineligible', 'needs-review'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

export const RULE_RESULTS = ['pass', 'fail', 'review', 'note'] as const;

/** One rule's verdict: why a case was (not) eligible is never a mystery. */
export class RuleOutcome {
  @Text(100) rule!: string;
  @IsIn(RULE_RESULTS) result!: (typeof RULE_RESULTS)[number];
  @Text(100) reasonCode!: string;
  @Text(1000) explanation!: string;
}

/** What later steps must honour. */
export class ScreeningRequirements {
  @IsBoolean() specialistFacilitator!: boolean;
  @IsBoolean() managerReview!: boolean;
  @IsBoolean() youthJusticePath!: boolean;
  /** Participants under 18: their guardian must consent too. */
  @IsUUID('all', { each: true }) guardianConsentFor!: string[];
  @IsBoolean() courtToBeInformed!: boolean;
  @IsBoolean() safetyPlanRequired!: boolean;
}

/** Requirements of a case that needs nothing special, with any overrides: the rule set's starting point. */
export const noScreeningRequirements = (
  overrides: Partial<ScreeningRequirements> = {},
): ScreeningRequirements => ({
  specialistFacilitator: false,
  managerReview: false,
  youthJusticePath: false,
  guardianConsentFor: [],
  courtToBeInformed: false,
  safetyPlanRequired: false,
  ...overrides,
});

export class ScreeningDecision {
  @Text(20) ruleSetVersion!: string;
  @Nested(() => RuleOutcome, { each: true }) rules!: RuleOutcome[];
  @Nested(() => ScreeningRequirements) requirements!: ScreeningRequirements;
  /** `system` for the rule set; a screener's id for a manual decision. */
  @Text(200) decidedBy!: string;
  @IsISO8601() decidedAt!: string;
  /** A manual decision that overrides the automatic one says so, and why. */
  @IsOptional() @IsIn(SCREENING_OUTCOMES) overrides?: ScreeningOutcome;
  @IsOptional() @Reason() reason?: string;
}

export class CaseEligibleV1 extends ScreeningDecision {
  @IsUUID() caseId!: string;
  @Nested(() => CaseProfile) profile!: CaseProfile;
}

export class CaseIneligibleV1 extends ScreeningDecision {
  @IsUUID() caseId!: string;
  @Text(100) referringAgency!: string;
}

export class CaseNeedsReviewV1 extends ScreeningDecision {
  @IsUUID() caseId!: string;
  @Text(100) referringAgency!: string;
}

export const { CaseEligible, CaseIneligible, CaseNeedsReview } = defineIntegrationEvents('screening', {
  CaseEligible: {
    schema: CaseEligibleV1,
    description:
      'Restorative work is suitable: consent is sought next. Every rule, its result and reason, and the rule-set version.',
  },
  CaseIneligible: {
    schema: CaseIneligibleV1,
    description: 'Restorative work is not suitable, with the rules and reasons; the referrer is told.',
  },
  CaseNeedsReview: {
    schema: CaseNeedsReviewV1,
    description: 'A screener must decide (specialist categories, high risk…); the rules and reasons say why.',
  },
});
