import { generateKeyPairSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import { serviceConfig } from '../bootstrap';
import { ConfigError, loadConfig } from './config';
import { ServiceConfig } from './service-config';

const ed25519 = (format: 'der' | 'pem'): string => {
  const key = generateKeyPairSync('ed25519').privateKey;
  return format === 'pem'
    ? key.export({ type: 'pkcs8', format: 'pem' }).toString()
    : key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
};

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

  it('takes an optional Ed25519 seal signing key, as base64 DER or PEM', () => {
    expect(loadConfig(ServiceConfig, valid).SEAL_SIGNING_KEY).toBeUndefined();
    const key = ed25519('der');
    expect(loadConfig(ServiceConfig, { ...valid, SEAL_SIGNING_KEY: key }).SEAL_SIGNING_KEY).toBe(key);
    const pem = ed25519('pem');
    expect(loadConfig(ServiceConfig, { ...valid, SEAL_SIGNING_KEY: pem }).SEAL_SIGNING_KEY).toBe(pem);
  });

  it('names a bad seal signing key and says why, without echoing the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    const [problem, ...rest] = problemsOf({ ...valid, SEAL_SIGNING_KEY: rsa });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^SEAL_SIGNING_KEY: .*must be an Ed25519 key, got rsa key.*not shown\)$/);
    expect(problem).not.toContain(rsa.slice(0, 24));
    expect(problemsOf({ ...valid, SEAL_SIGNING_KEY: 'hunter2!' })[0]).toMatch(
      /^SEAL_SIGNING_KEY: .*PEM block or the base64.*\(got a value of 8 characters, not shown\)$/,
    );
  });

  it('requires the seal signing key where the manifest says the sealer runs, reported with any other problem', () => {
    @Module({})
    class NoModule {}
    const sealing = { name: 'audit', module: NoModule, eventStore: 'reader' } as const;
    const { SERVICE_NAME: _name, PORT: _port, ...env } = valid;
    const problems = (run: () => unknown): string[] => {
      try {
        run();
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((p) => p.split(':')[0] ?? '');
        throw error;
      }
      return [];
    };
    expect(problems(() => serviceConfig(sealing, env))).toEqual(['SEAL_SIGNING_KEY']);
    expect(problems(() => serviceConfig(sealing, { ...env, LOG_LEVEL: 'loud' }))).toEqual([
      'LOG_LEVEL',
      'SEAL_SIGNING_KEY',
    ]);
    expect(serviceConfig(sealing, { ...env, SEAL_SIGNING_KEY: ed25519('der') }).SERVICE_NAME).toBe('audit');
    expect(serviceConfig({ ...sealing, name: 'intake' }, env).SEAL_SIGNING_KEY).toBeUndefined();
  });

  it('ignores variables the schema does not declare', () => {
    expect(loadConfig(ServiceConfig, { ...valid, UNRELATED: 'x' })).not.toHaveProperty('UNRELATED');
  });
});
