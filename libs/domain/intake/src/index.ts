export * from './referral.decider';
export * from './agency-trust.decider';
