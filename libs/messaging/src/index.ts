export * from './dead-letter';
export * from './envelope';
export * from './kafka-connection';
export * from './kafka-event.server';
export * from './metrics';
export * from './testing-logger';
export * from './relay';
export * from './dead-letter-queue';
