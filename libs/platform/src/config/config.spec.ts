import { ConfigError, loadConfig } from './config';
import { ServiceConfig } from './service-config';

const valid = {
  SERVICE_NAME: 'intake',
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accord',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093',
};

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(ServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig(ServiceConfig)', () => {
  it('reads a valid environment, converting numbers and applying defaults', () => {
    const config = loadConfig(ServiceConfig, valid);
    expect(config.PORT).toBe(3001);
    expect(config.SERVICE_NAME).toBe('intake');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
  });

  it('lets the environment override a default', () => {
    expect(loadConfig(ServiceConfig, { ...valid, LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });

  it('names a malformed variable and what it got', () => {
    const problems = problemsOf({ ...valid, PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: .*whole number.*\(got "abc"\)$/);
  });

  it('names a missing variable, treating an empty one as missing', () => {
    const problems = problemsOf({ ...valid, DATABASE_URL: '  ', KAFKA_BROKERS: undefined });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['DATABASE_URL', 'KAFKA_BROKERS']);
    expect(problems.every((p) => p.endsWith('(it is not set)'))).toBe(true);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ ...valid, PORT: '70000', KAFKA_BROKERS: 'no-port', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
  });

  it('ignores variables the schema does not declare', () => {
    expect(loadConfig(ServiceConfig, { ...valid, UNRELATED: 'x' })).not.toHaveProperty('UNRELATED');
  });
});
