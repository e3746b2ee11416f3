export * from './case-vocabulary';
export * from './common';
export * from './conferencing';
export * from './consent';
export * from './follow-up';
export * from './intake';
export * from './notifications';
export * from './screening';
// Last: it imports the events above, and their load order is the order of docs/asyncapi.json's schemas.
export * from './case-stages';
