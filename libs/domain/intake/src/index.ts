export * from './referral.decider';
