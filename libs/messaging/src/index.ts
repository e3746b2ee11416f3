export * from './kafka-connection';
export * from './kafka-event.server';
export * from './testing-logger';
