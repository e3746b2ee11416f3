import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../src';

// The lint rule keeping @accord/testing out of production code matches files by name (*.spec.ts…),
// and this helper of the specs is not one: this single re-export is the door to the test harness.
// eslint-disable-next-line no-restricted-imports -- test-only code, see libs/event-store/README.md "How to test"
export {
  dockerEngineAnswers,
  dockerEngineConfigured,
  eventually,
  freshId,
  freshStreamId,
} from '@accord/testing';

export function databaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run integration tests with jest.int.config.js (its global setup provides PostgreSQL)',
    );
  return url;
}

/** A schema of its own for tests that tamper with the database or walk the whole log. */
export function throwawaySchema(prefix = 'es_test'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function randomMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** An Ed25519 seal signing key as SEAL_SIGNING_KEY carries it: PKCS#8 DER in base64. */
export function randomSealSigningKey(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'der' })
    .toString('base64');
}

/** A fresh, lower-case service name, so a suite's streams share a prefix no other run uses. */
export function freshService(prefix = 'ct'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'user:screener-1',
    agency: 'agency:rj-service',
    ruleVersion: 'eligibility-2025.1',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    occurredAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

export function newEvent(
  type: string,
  data: Record<string, unknown>,
  overrides: Partial<NewEvent> = {},
): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata: metadata(), ...overrides };
}
