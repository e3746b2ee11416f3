import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UPSTREAM_NAMES, type Role, type ServiceName } from '@accord/contracts';
import { eventually, freshName, testToken } from '@accord/testing';
import { PipelineDriver } from '../../tools/demo/pipeline-driver';
import {
  AUTHORIZATION_POLICY,
  type OperationPolicy,
  type PolicyContext,
  type Relation,
} from './authorization-policy';
import { useFleet } from './fleet';

/**
 * The authorization matrix: every operation of every service's OpenAPI document × every role ×
 * (the role's own agency, a foreign registered agency, an unregistered agency), sent straight to
 * the service that owns it (each service verifies tokens itself; the gateway is not the wall).
 * The expected class of each answer comes from the declared policy (authorization-policy.ts),
 * which must name every operation the document has. Nothing in the matrix changes the seeded
 * case: a caller the policy allows sends a body validation refuses (400, after authorization),
 * and a caller it does not allow gets 401/403/404 before anything is written.
 */
interface Document {
  readonly paths: Record<string, Record<string, { operationId?: string }>>;
}
const committed = JSON.parse(
  readFileSync(resolve(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8'),
) as Document;

const REFERRING = 'police-north';
const RECEIVING = 'rj-service-north';
const FOREIGN_REFERRER = 'police-matrix-south';
const FOREIGN_SERVICE = 'rj-service-matrix-south';
const INSPECTORATE = 'inspectorate';
const PLATFORM = process.env['AUTH_PLATFORM_AGENCY'] ?? 'accord-ops';
const UNREGISTERED = 'agency-never-registered';

type MatrixRole = Exclude<Role, 'admin'> | 'platform-admin' | 'none';
const MATRIX_ROLES: readonly MatrixRole[] = [
  'referrer',
  'screener',
  'consent-officer',
  'facilitator',
  'case-worker',
  'agency-admin',
  'auditor',
  'platform-admin',
  'none',
];
type Place = 'own' | 'foreign' | 'unregistered';
const PLACES: readonly Place[] = ['own', 'foreign', 'unregistered'];

interface Caller {
  readonly label: string;
  readonly agency: string;
  /** What the token asks for: an agency's `admin` is its agency administrator. */
  readonly claimed: readonly string[];
  readonly place: Place;
  /** After Accord's own reading of the token: null when it must be refused (401). */
  readonly roles: readonly Role[] | null;
}

function callerFor(role: MatrixRole, place: Place): Caller {
  const ownAgency =
    role === 'referrer'
      ? REFERRING
      : role === 'auditor'
        ? INSPECTORATE
        : role === 'platform-admin'
          ? PLATFORM
          : RECEIVING;
  const agency =
    place === 'unregistered'
      ? UNREGISTERED
      : place === 'own'
        ? ownAgency
        : role === 'referrer'
          ? FOREIGN_REFERRER
          : FOREIGN_SERVICE;
  const claimed =
    role === 'none' ? [] : role === 'platform-admin' || role === 'agency-admin' ? ['admin'] : [role];
  const tier = agency === PLATFORM ? 'platform' : agency === INSPECTORATE ? 'inspectorate' : 'agency';
  const roles: Role[] | null =
    place === 'unregistered' || (claimed.includes('auditor') && tier === 'agency')
      ? null
      : claimed.map((name) => (name === 'admin' && tier !== 'platform' ? 'agency-admin' : (name as Role)));
  return { label: `${role}@${place}(${agency})`, agency, claimed, place, roles };
}

interface Operation {
  readonly id: string;
  readonly service: ServiceName;
  readonly method: string;
  readonly path: string;
}

type Expected =
  | { readonly class: 'unauthenticated' }
  | { readonly class: 'forbidden' }
  | { readonly class: 'hidden' }
  | { readonly class: 'allowed'; readonly statuses: readonly number[] };

const isWrite = (method: string) => !['GET', 'HEAD'].includes(method);

function relations(caller: Caller): Relation[] {
  const roles = caller.roles ?? [];
  return [
    ...(caller.agency === REFERRING ? (['referring'] as const) : []),
    ...(caller.agency === RECEIVING ? (['receiving'] as const) : []),
    ...(roles.includes('auditor') ? (['auditor'] as const) : []),
    ...(roles.includes('admin') ? (['platform-admin'] as const) : []),
  ];
}

/** The class of answer `caller` must get from `operation`, from the declared policy alone. */
function expected(policy: OperationPolicy, operation: Operation, caller: Caller): Expected {
  const allowed = (statuses: readonly number[] = isWrite(operation.method) ? [400] : [200]): Expected => ({
    class: 'allowed',
    statuses,
  });
  if (policy.kind === 'public') return allowed([200]);
  if (caller.roles === null) return { class: 'unauthenticated' };
  const roles = caller.roles;
  if (roles.length === 0) return { class: 'forbidden' };
  if (roles.includes('auditor') && isWrite(operation.method)) return { class: 'forbidden' };
  const permitted = policy.roles === 'any' || policy.roles.some((role) => roles.includes(role));
  if (!permitted) return { class: 'forbidden' };
  switch (policy.kind) {
    case 'case':
      return relations(caller).some((relation) => policy.sees.includes(relation))
        ? allowed(policy.allowed)
        : { class: 'hidden' };
    case 'caller-agency':
      return allowed(policy.allowed ?? (isWrite(operation.method) ? [400] : [200]));
    case 'agency-entry':
      return roles.includes('admin') || (policy.ownAdmin && caller.agency === RECEIVING)
        ? allowed()
        : { class: 'forbidden' };
    case 'platform':
      return allowed(isWrite(operation.method) ? [400] : (policy.allowed ?? [200]));
    default: {
      const exhaustive: never = policy;
      return exhaustive;
    }
  }
}

const STATUS_OF: Record<Expected['class'], readonly number[]> = {
  unauthenticated: [401],
  forbidden: [403],
  hidden: [404],
  allowed: [],
};

describe('the authorization matrix (every operation × every role × own, foreign and unregistered agency)', () => {
  const handle = useFleet();

  it('matches the declared policy, answers "not yours" exactly as "does not exist", and leaks nothing', async () => {
    const urls = handle.fleet.urls;
    // Every service's own document, so each operation is sent to the service that serves it.
    const operations: Operation[] = [];
    for (const service of UPSTREAM_NAMES) {
      const document = (await (await fetch(`${urls[service]}/openapi.json`)).json()) as Document;
      // The API: what the gateway publishes (probes such as /health are each service's own).
      for (const [path, item] of Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')))
        for (const [method, operation] of Object.entries(item))
          if (operation.operationId)
            operations.push({ id: operation.operationId, service, method: method.toUpperCase(), path });
    }
    const documented = Object.values(committed.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    // A new route is covered the day it is added: it must be declared here before this test passes.
    expect(operations.map((operation) => operation.id).sort()).toEqual([...documented].sort());
    expect(Object.keys(AUTHORIZATION_POLICY).sort()).toEqual([...documented].sort());

    // Reference data: a second referrer and RJ service that have nothing to do with the seeded case.
    const platformAdmin = await testToken({
      agency: PLATFORM,
      roles: ['admin'],
      sub: 'matrix-platform-admin',
    });
    for (const [id, body] of [
      [FOREIGN_SERVICE, { name: 'Matrix South RJ', kind: 'rj-service', mayReferTo: [] }],
      [FOREIGN_REFERRER, { name: 'Matrix South Police', kind: 'referrer', mayReferTo: [FOREIGN_SERVICE] }],
    ] as const) {
      const response = await fetch(`${urls.intake}/api/admin/agencies/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${platformAdmin}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
    }

    // One case per agency: A (police-north → rj-service-north) all the way to agreed actions, B
    // (the foreign pair's own) submitted, so the foreign agency is a working agency, not an empty one.
    const harmedName = `Matrix Harmed ${freshName('a')}`;
    const responsibleName = `Matrix Responsible ${freshName('b')}`;
    const { caseId, participants } = await handle.driver.scheduledConference({
      harmed: { name: harmedName, dateOfBirth: '1980-01-02', language: 'en' },
      responsible: { name: responsibleName, dateOfBirth: '1990-03-04', language: 'en' },
    });
    const responsible = participants.find((participant) => participant.role === 'responsible');
    const [firstAction, secondAction] = await handle.driver.agree(caseId, responsible!.personId);
    await handle.driver.resolveAction(caseId, firstAction!);
    const foreignDriver = new PipelineDriver({
      url: (service) => urls[service as ServiceName],
      token: testToken,
      referringAgency: FOREIGN_REFERRER,
      receivingService: FOREIGN_SERVICE,
    });
    await foreignDriver.submit();

    const context: PolicyContext = { personId: responsible!.personId, actionId: secondAction! };
    // Every read model the receiving service reads the case from has caught up with it (a
    // condition, not a pause), so an allowed read answers 200 rather than "not yet".
    const receivingReader = await testToken({
      agency: RECEIVING,
      roles: ['case-worker'],
      sub: 'matrix-ready',
    });
    for (const operation of operations) {
      const policy = AUTHORIZATION_POLICY[operation.id];
      if (operation.method !== 'GET' || policy?.kind !== 'case' || !policy.sees.includes('receiving'))
        continue;
      if (policy.roles !== 'any' && !policy.roles.includes('case-worker')) continue;
      const path = operation.path.replace('{caseId}', caseId);
      await eventually(
        async () => {
          const response = await fetch(`${urls[operation.service]}${path}`, {
            headers: { authorization: `Bearer ${receivingReader}` },
          });
          if (response.status !== 200) throw new Error(`${operation.id}: ${response.status}`);
        },
        { timeout: 90_000, interval: 300 },
      );
    }
    const secrets = [harmedName, responsibleName, ...participants.map((participant) => participant.personId)];

    const callers = MATRIX_ROLES.flatMap((role) => PLACES.map((place) => callerFor(role, place)));
    const tokens = new Map<Caller, string>();
    for (const caller of callers)
      tokens.set(
        caller,
        await testToken(
          { agency: caller.agency, roles: caller.claimed, sub: `matrix-${caller.label}` },
          caller.place === 'unregistered' ? { register: false } : {},
        ),
      );

    const fill = (path: string, ids: { caseId: string }) =>
      path
        .replace('{caseId}', ids.caseId)
        .replace('{actionId}', context.actionId)
        .replace('{personId}', context.personId)
        .replace('{id}', path.startsWith('/api/facilitators') ? 'fac-matrix' : RECEIVING);

    const send = async (operation: Operation, caller: Caller, path: string, body: unknown) => {
      const policy = AUTHORIZATION_POLICY[operation.id]!;
      const stream = policy.kind === 'caller-agency' && policy.stream === true;
      const controller = new AbortController();
      const response = await fetch(`${urls[operation.service]}${path}`, {
        method: operation.method,
        headers: {
          authorization: `Bearer ${tokens.get(caller)}`,
          'idempotency-key': randomUUID(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: controller.signal,
      });
      // A stream that answers 200 stays open: its status is the answer here.
      const text = stream && response.ok ? '' : await response.text();
      controller.abort();
      let code: unknown;
      try {
        code = (JSON.parse(text) as { code?: unknown }).code;
      } catch {
        code = undefined;
      }
      return {
        status: response.status,
        text,
        code,
        // Any answer may hold personal data: no cache keeps it, no browser sniffs it into a page.
        headers: [
          (response.headers.get('cache-control') ?? '').split(/,\s*/).includes('no-store')
            ? 'no-store'
            : 'cacheable',
          response.headers.get('x-content-type-options'),
        ].join(' '),
      };
    };

    const failures: string[] = [];
    let cells = 0;
    const work = operations.flatMap((operation) => callers.map((caller) => ({ operation, caller })));
    const run = async ({ operation, caller }: (typeof work)[number]) => {
      const policy = AUTHORIZATION_POLICY[operation.id]!;
      const want = expected(policy, operation, caller);
      const write = isWrite(operation.method);
      // Allowed writes get a body validation refuses, so the matrix never changes anything;
      // the rest get a valid one, so the handler itself must refuse.
      const validBody = 'body' in policy && policy.body ? policy.body(context) : {};
      const body = !write ? undefined : want.class === 'allowed' ? { matrixProbe: true } : validBody;
      const where = `${operation.id} (${operation.method} ${operation.path}) as ${caller.label}`;
      const path = fill(operation.path, { caseId });
      const answer = await send(operation, caller, path, body).catch((error: Error) => ({
        status: 0,
        text: error.message,
        code: undefined,
        headers: '',
      }));
      cells++;
      if (answer.headers !== 'no-store nosniff')
        failures.push(`${where}: answered with cache-control/nosniff ${answer.headers}`);
      const statuses = want.class === 'allowed' ? want.statuses : STATUS_OF[want.class];
      if (!statuses.includes(answer.status))
        failures.push(
          `${where}: expected ${want.class} ${statuses.join('/')}, got ${answer.status} ${answer.text.slice(0, 160)}`,
        );
      const insider = relations(caller).length > 0 && (caller.roles?.length ?? 0) > 0;
      // What the caller sent (the path, echoed in a problem's `instance`) is not a leak.
      const leaked = secrets.filter((secret) => answer.text.includes(secret) && !path.includes(secret));
      if (!insider && leaked.length > 0) failures.push(`${where}: the answer names ${leaked.join(', ')}`);
      if (!insider && !operation.path.includes('{caseId}') && answer.text.includes(caseId))
        failures.push(`${where}: the answer names the case`);
      if (want.class === 'hidden') {
        // No existence oracle: the same caller asking about a case that does not exist gets the same.
        const unknown = await send(
          operation,
          caller,
          fill(operation.path, { caseId: randomUUID() }),
          body,
        ).catch((error: Error) => ({ status: 0, text: error.message, code: undefined, headers: '' }));
        if (unknown.status !== answer.status || unknown.code !== answer.code)
          failures.push(
            `${where}: a case that is not yours answers ${answer.status} ${String(answer.code)}, one that does not exist ${unknown.status} ${String(unknown.code)}`,
          );
      }
    };
    // Bounded and ordered: a few requests at a time, every cell once.
    const queue = [...work];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await run(next);
      }),
    );

    expect(cells).toBe(operations.length * callers.length);
    expect(failures).toEqual([]);
  });
});
