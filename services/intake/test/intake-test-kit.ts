import { randomUUID } from 'node:crypto';
import {
  createLogger,
  serviceConfig,
  startService,
  type Principal,
  type RunningService,
} from '@accord/platform';
import { call, type Reply } from '@accord/platform/testing';
import { freePort, testToken } from '@accord/testing';
import { intakeService } from '../src/intake.service';

/** Starts intake in-process on `port` against the test PostgreSQL and Kafka. */
export function startIntake(port: number): Promise<RunningService> {
  return startService(
    intakeService,
    serviceConfig(intakeService, { ...process.env, PORT: String(port), HOST: '127.0.0.1' }),
    createLogger('intake', process.env['INTAKE_TEST_LOG'] ?? 'silent'),
  );
}

/**
 * Intake for the enclosing `describe`: started on a free port before its tests, closed after them.
 * Its `url` and `app` are there inside the tests.
 */
export function intakeForSuite(): Pick<RunningService, 'url' | 'app'> {
  let running: RunningService | undefined;
  beforeAll(async () => {
    running = await startIntake(await freePort());
  });
  afterAll(async () => {
    await running?.app.close();
  });
  const started = (): RunningService => {
    if (!running) throw new Error('intake starts in beforeAll: use it inside a test or a later hook');
    return running;
  };
  return {
    get url() {
      return started().url;
    },
    get app() {
      return started().app;
    },
  };
}

export function tokenFor(agency: string, ...roles: Principal['roles'][number][]): Promise<string> {
  return testToken({ sub: `${agency}-user-${randomUUID().slice(0, 8)}`, agency, roles });
}

/**
 * A referrer agency of its own for one test (`<prefix>-<random>`, referring to rj-service-north),
 * registered by the platform's admin; answers its id and a referrer's token.
 */
export async function freshReferrer(
  baseUrl: string,
  prefix = 'test-referrer',
): Promise<{ readonly agency: string; readonly token: string }> {
  const agency = `${prefix}-${randomUUID().slice(0, 8)}`;
  const registered = await call(baseUrl, 'PUT', `/api/admin/agencies/${agency}`, {
    token: await tokenFor('accord-ops', 'admin'),
    body: { name: `Referrer ${agency}`, kind: 'referrer', mayReferTo: ['rj-service-north'] },
  });
  if (registered.status !== 200) throw new Error(`registering ${agency} answered ${registered.status}`);
  return { agency, token: await tokenFor(agency, 'referrer') };
}

/** A referral that intake accepts: police-north → rj-service-north, with a unique reference. */
export function validReferral(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const tag = randomUUID().slice(0, 8);
  return {
    receivingService: 'rj-service-north',
    referrerReference: `PN/${tag}`,
    incident: {
      offenceCategory: 'property',
      date: '2026-01-15',
      summary: `Window of shop ${tag} broken at night.`,
    },
    people: {
      harmed: [
        {
          name: `Harriet Harmed ${tag}`,
          dateOfBirth: '1985-06-01',
          contactPreferences: {
            methods: ['email', 'phone'],
            email: `harriet.${tag}@example.org`,
            phone: '+44 20 7946 0001',
          },
          language: 'en',
          willingToBeContacted: true,
        },
      ],
      responsible: [
        {
          name: `Rory Responsible ${tag}`,
          dateOfBirth: '2005-02-02',
          contactPreferences: { methods: ['letter'], address: '1 High Street, Northshire' },
          language: 'cy',
          accessibilityNeeds: 'Needs a Welsh interpreter',
          acceptsResponsibility: true,
        },
      ],
      supporters: [
        {
          name: `Sam Supporter ${tag}`,
          dateOfBirth: '1960-12-24',
          contactPreferences: { methods: ['in-person'] },
          language: 'en',
          supports: 'responsible[0]',
        },
      ],
    },
    riskLevel: 'low',
    riskFlags: [],
    pendingCourtProceedings: false,
    ...overrides,
  };
}

export { call, type Reply };

/** Submits `body` as police-north (or `agency`) with a fresh Idempotency-Key. */
export async function submitReferral(
  baseUrl: string,
  token: string,
  body: Record<string, unknown> = validReferral(),
  key: string = randomUUID(),
): Promise<Reply<{ caseId: string; status: string }>> {
  return call(baseUrl, 'POST', '/api/referrals', { token, body, headers: { 'idempotency-key': key } });
}
