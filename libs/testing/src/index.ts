export * from './decider-spec';
export * from './eventually';
export * from './ids';
export * from './infrastructure';
export * from './services';
export * from './command-metadata';
export * from './dev-identity';
export * from './problems';
