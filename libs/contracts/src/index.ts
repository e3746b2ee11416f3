export * from './domain-error';
export * from './integration-event';
export * from './service-manifest';
export * from './topics';
export * from './uuid-v5';
export * from './events';
export * from './asyncapi';
export * from './audit-trail';
