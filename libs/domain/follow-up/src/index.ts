export * from './follow-up.decider';
export * from './timer-plan';
