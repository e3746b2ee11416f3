export * from './domain-error';
export * from './integration-event';
export * from './services';
export * from './topics';
export * from './uuid-v5';
export * from './events';
export * from './asyncapi';
export * from './audit-trail';
