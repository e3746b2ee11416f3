import { ConfigError, loadConfig } from './config';
import { ServiceConfig } from './service-config';

const valid = {
  SERVICE_NAME: 'intake',
  PORT: '3001',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/accord',
  KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9093',
  EVENT_STORE_MASTER_KEY: 'ab'.repeat(32),
  AUTH_JWT_SECRET: 'a-development-secret-of-32-chars!',
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

  it('needs a token secret unless tokens are verified against a JWKS', () => {
    expect(problemsOf({ ...valid, AUTH_JWT_SECRET: undefined }).map((p) => p.split(':')[0])).toEqual([
      'AUTH_JWT_SECRET',
    ]);
    expect(
      loadConfig(ServiceConfig, {
        ...valid,
        AUTH_JWT_SECRET: undefined,
        JWKS_URL: 'https://idp.example/jwks',
      }).JWKS_URL,
    ).toBe('https://idp.example/jwks');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(problemsOf({ ...valid, EVENT_STORE_MASTER_KEY: 'abc' })[0]).toMatch(
      /^EVENT_STORE_MASTER_KEY: must be 32 bytes/,
    );
  });

  it('ignores variables the schema does not declare', () => {
    expect(loadConfig(ServiceConfig, { ...valid, UNRELATED: 'x' })).not.toHaveProperty('UNRELATED');
  });
});
