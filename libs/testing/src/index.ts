export * from './decider-spec';
export * from './eventually';
export * from './ids';
export * from './infrastructure';
export * from './services';
export * from './local-dependencies';
export * from './problems';
