export * from './case-profile.fixture';
