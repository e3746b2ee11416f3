import { generateKeyPairSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import { thrownBy } from '@accord/testing';
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
  AUTH_PLATFORM_ISSUER: 'https://login.accord-ops.example/realms/staff',
};

const problemsOf = (env: Record<string, string | undefined>): readonly string[] =>
  thrownBy(() => loadConfig(ServiceConfig, env), ConfigError).problems;

describe('loadConfig(ServiceConfig)', () => {
  it('reads a valid environment, converting numbers and applying defaults', () => {
    const config = loadConfig(ServiceConfig, valid);
    expect(config.PORT).toBe(3001);
    expect(config.SERVICE_NAME).toBe('intake');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    // Loopback unless told otherwise: the gateway is the only way in from outside.
    expect(config.HOST).toBe('127.0.0.1');
  });

  it('lets the environment override a default', () => {
    expect(loadConfig(ServiceConfig, { ...valid, LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });

  it('names a malformed variable and what it got', () => {
    const problems = problemsOf({ ...valid, PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: .*whole number.*\(got "abc"\)$/);
  });

  it('says what a whole-number variable expects: its unit, its bounds', () => {
    expect(problemsOf({ ...valid, PORT: '70000' })).toEqual([
      'PORT: must be a port between 1 and 65535 (got "70000")',
    ]);
    expect(problemsOf({ ...valid, HEALTH_TIMEOUT_MS: '250.5' })).toEqual([
      'HEALTH_TIMEOUT_MS: must be a whole number of milliseconds (got "250.5")',
    ]);
    expect(problemsOf({ ...valid, HEALTH_TIMEOUT_MS: '99' })).toEqual([
      'HEALTH_TIMEOUT_MS: must be at least 100 (got "99")',
    ]);
    expect(problemsOf({ ...valid, SHUTDOWN_TIMEOUT_MS: '-1' })).toEqual([
      'SHUTDOWN_TIMEOUT_MS: must not be negative (got "-1")',
    ]);
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

  it('needs the platform issuer: https, or http only on a loopback address', () => {
    const problem = (issuer: string | undefined) =>
      problemsOf({ ...valid, AUTH_PLATFORM_ISSUER: issuer }).map((p) => p.split(':')[0]);
    expect(problem(undefined)).toEqual(['AUTH_PLATFORM_ISSUER']);
    expect(problem('http://login.accord-ops.example')).toEqual(['AUTH_PLATFORM_ISSUER']);
    expect(problem('https://login.example/?tenant=x')).toEqual(['AUTH_PLATFORM_ISSUER']);
    const dev = loadConfig(ServiceConfig, {
      ...valid,
      AUTH_PLATFORM_ISSUER: 'http://127.0.0.1:3090/accord-ops',
    });
    expect(dev.AUTH_PLATFORM_ISSUER).toBe('http://127.0.0.1:3090/accord-ops');
    expect(dev.AUTH_AUDIENCE).toBe('urn:accord:api');
    expect(dev.AUTH_MAX_TOKEN_LIFETIME_S).toBe(3600);
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

  it('takes an optional KurrentDB connection string, and names a malformed one', () => {
    expect(loadConfig(ServiceConfig, valid).EVENTSTOREDB_URL).toBeUndefined();
    const url = 'kurrentdb://127.0.0.1:2113?tls=false';
    expect(loadConfig(ServiceConfig, { ...valid, EVENTSTOREDB_URL: url }).EVENTSTOREDB_URL).toBe(url);
    expect(problemsOf({ ...valid, EVENTSTOREDB_URL: 'http://127.0.0.1:2113' })).toEqual([
      expect.stringMatching(/^EVENTSTOREDB_URL: .*kurrentdb:\/\/127\.0\.0\.1:2113\?tls=false/),
    ]);
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
