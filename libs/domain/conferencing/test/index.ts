export * from './case-file.fixture';
