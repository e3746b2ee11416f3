export * from './referral.fixture';
