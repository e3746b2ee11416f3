// The fixed lists a case is described in. Pure (no decorators, no Node): the web console imports
// it as `@accord/contracts/events/case-vocabulary` for its form's choices.

/** Offence categories a referral can name (fixed list; "other" with a summary). */
export const OFFENCE_CATEGORIES = [
  'domestic-abuse',
  'sexual-offence',
  'hate-crime',
  'violence',
  'property',
  'other',
] as const;
export type OffenceCategory = (typeof OFFENCE_CATEGORIES)[number];

/** Categories that need specialist-accredited facilitators and a manager's review. */
export const SPECIALIST_CATEGORIES: readonly OffenceCategory[] = [
  'domestic-abuse',
  'sexual-offence',
  'hate-crime',
];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PARTICIPANT_ROLES = ['harmed', 'responsible', 'supporter', 'guardian'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
