export * from './conference.decider';
export * from './case-file';
export * from './facilitator-match';
