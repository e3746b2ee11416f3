export * from './case-fixture';
