export * from './consent.decider';
export * from './required-consents';
