export * from './notifications.decider';
export * from './templates';
