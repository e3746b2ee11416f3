export * from './case-vocabulary';
export * from './common';
export * from './conferencing';
export * from './consent';
export * from './follow-up';
export * from './intake';
export * from './notifications';
export * from './screening';
