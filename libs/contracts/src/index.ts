export * from './integration-event';
export * from './services';
export * from './topics';
export * from './uuid-v5';
