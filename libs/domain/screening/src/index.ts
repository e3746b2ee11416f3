export * from './screening.decider';
export * from './rules/rule';
export * from './rules/evaluate-rules';
export * from './rules/rule-sets';
export * from './rules/2026-1/rule-set';
