/**
 * The service manifest: every Accord process declared once. Start-up (tools/start.mjs), the test
 * fleet (@accord/testing), the gateway's routing and merged OpenAPI, the rebuild tool, lint
 * boundaries, docker-compose.yml (`npm run compose`) and AsyncAPI all derive from this file, so
 * adding a service is one entry here (docs/dev/adding-a-service.md).
 *
 * Plain data and pure functions with no imports: node scripts load it through
 * tools/ts-register.cjs (`require('libs/contracts/src/service-manifest.ts')`).
 */
export interface ServiceDeclaration {
  /** Default HTTP port (`npm start`, docker compose); the e2e fleet uses its base port + the index here. */
  readonly port: number;
  /** One line: what the service is responsible for. */
  readonly owns: string;
  /**
   * It appends to its own streams and publishes them, through its relay, on its topic
   * `accord.<name>.events` (key = caseId).
   */
  readonly publishes: boolean;
  /** The services whose topics it consumes (consumer group `accord.<name>`, its own `.retry`/`.dlq`). */
  readonly hears: readonly string[];
  /**
   * Public route prefixes the gateway sends to it. `:name` matches one path segment; a prefix
   * matches itself and everything below it. Every route of its controllers lies under one of these
   * (tools/manifest/routes.spec.ts).
   */
  readonly routes: readonly string[];
  /** The aggregate of its per-case stream `<name>.<Aggregate>-<caseId>`, which audit reads. */
  readonly caseAggregate?: string;
  /** Its projections (read models rebuilt from the log by `npm run rebuild -- <name> <projection>`). */
  readonly projections: readonly string[];
  /** Kinds of its durable timers (@accord/scheduler); the services' timer code is typed against these. */
  readonly timers: readonly string[];
  /** It keeps read models in its own schema, built by the migrations in `services/<name>/src/migrations`. */
  readonly readModels: boolean;
  /** It runs the event store's global sealer, and so needs SEAL_SIGNING_KEY. */
  readonly sealer?: boolean;
}

export const SERVICES = {
  gateway: {
    port: 3000,
    owns: 'the HTTP edge: auth, routing, OpenAPI, console',
    publishes: false,
    hears: [],
    routes: [],
    projections: [],
    timers: [],
    readModels: false,
  },
  intake: {
    port: 3001,
    owns: 'referrals and the agency directory',
    publishes: true,
    // Intake hears every later step so the referrer sees where the case stands (the closed loop).
    hears: ['screening', 'consent', 'conferencing', 'follow-up'],
    routes: ['/api/referrals', '/api/admin', '/api/directory'],
    caseAggregate: 'Referral',
    projections: ['referral-status', 'agency-trust'],
    timers: ['referral-response-due', 'referral-escalation-due'],
    readModels: true,
  },
  screening: {
    port: 3002,
    owns: 'eligibility decisions',
    publishes: true,
    hears: ['intake'],
    routes: ['/api/cases/:caseId/screening'],
    caseAggregate: 'Screening',
    projections: ['case-screening'],
    timers: [],
    readModels: true,
  },
  consent: {
    port: 3003,
    owns: 'consent per participant and purpose',
    publishes: true,
    hears: ['screening'],
    routes: ['/api/cases/:caseId/consent', '/api/consent'],
    caseAggregate: 'Consent',
    projections: ['case-consent'],
    timers: ['consent-expiry', 'consent-reminder'],
    readModels: true,
  },
  conferencing: {
    port: 3004,
    owns: 'facilitators, conferences, outcomes',
    publishes: true,
    hears: ['consent'],
    routes: ['/api/cases/:caseId/conference', '/api/facilitators'],
    caseAggregate: 'Conference',
    projections: ['case-conference'],
    timers: [],
    readModels: true,
  },
  'follow-up': {
    port: 3005,
    owns: 'agreed actions, check-ins, closure',
    publishes: true,
    hears: ['conferencing', 'consent'],
    routes: ['/api/cases/:caseId/follow-up', '/api/reports'],
    caseAggregate: 'FollowUp',
    projections: ['case-outcome'],
    timers: ['action-reminder', 'action-due', 'check-in-due', 'check-in-grace-over'],
    readModels: true,
  },
  notifications: {
    port: 3007,
    owns: 'messages to participants in their language and channel; agencies’ webhooks',
    publishes: true,
    hears: ['intake', 'screening', 'consent', 'conferencing', 'follow-up'],
    routes: ['/api/cases/:caseId/notifications', '/api/notifications'],
    caseAggregate: 'Notifications',
    projections: ['case-messages'],
    timers: [],
    readModels: true,
  },
  audit: {
    port: 3006,
    owns: 'nothing: reads every stream, writes none; seals the log',
    publishes: false,
    hears: [],
    routes: [
      '/api/cases/:caseId/history',
      '/api/cases/:caseId/state',
      '/api/cases/:caseId/verify',
      '/api/audit',
      '/api/people',
    ],
    projections: [],
    timers: [],
    readModels: true,
    sealer: true,
  },
} as const satisfies Record<string, ServiceDeclaration>;

export type ServiceName = keyof typeof SERVICES;

/** Every service, in the manifest's order (the gateway first). */
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export function isServiceName(value: string): value is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICES, value);
}

/** The manifest entry of a service, seen through the declaration's type. */
export const serviceDeclaration = (service: ServiceName): ServiceDeclaration => SERVICES[service];

/** The services that hear `service`'s topic. */
export const listenersOf = (service: ServiceName): ServiceName[] =>
  SERVICE_NAMES.filter((name) => (serviceDeclaration(name).hears as readonly string[]).includes(service));

/** The services the gateway routes to: those with public routes. */
export const UPSTREAM_NAMES = SERVICE_NAMES.filter((name) => serviceDeclaration(name).routes.length > 0);

/** `follow-up` → `FOLLOW_UP`: the stem of a service's environment variables. */
const envStem = (service: ServiceName): string => service.toUpperCase().replace(/-/g, '_');

/** The variable that tells the gateway (and the e2e fleet) where a service answers: `FOLLOW_UP_URL`. */
export const serviceUrlVariable = (service: ServiceName): string => `${envStem(service)}_URL`;

/** The variable that moves a service off its default port under `npm start`: `ACCORD_FOLLOW_UP_PORT`. */
export const servicePortVariable = (service: ServiceName): string => `ACCORD_${envStem(service)}_PORT`;

/** Where a service's code lives, relative to the repository root. */
export const serviceRoot = (service: ServiceName): string => `services/${service}`;

/** The folder of a service's read-model migrations, or null when it keeps none. */
export const migrationsFolder = (service: ServiceName): string | null =>
  serviceDeclaration(service).readModels ? `${serviceRoot(service)}/src/migrations` : null;

/** A route prefix as a pattern over a request path: `/api/cases/:caseId/consent` ↦ itself and below. */
export function routePattern(prefix: string): RegExp {
  const source = prefix
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\-]/g, (c) => `\\${c}`),
    )
    .join('\\/');
  return new RegExp(`^${source}(\\/|$)`);
}

/**
 * Where a service answers, as `<NAME>_URL` holds it: one URL, or its replicas' URLs separated by
 * commas (`npm start -- --scale`, the e2e fleet's replicas). Trailing slashes dropped.
 */
export const serviceUrls = (value: string): string[] =>
  value
    .split(',')
    .map((url) => url.trim().replace(/\/+$/, ''))
    .filter((url) => url.length > 0);

/**
 * Replica `replica` (0 = the first) of a service whose first replica listens on `port`: 100 ports
 * further per replica (screening 3002, 3102, 3202 …), clear of every other service's port.
 */
export const replicaPort = (port: number, replica: number): number => port + 100 * replica;

/**
 * `screening=3,consent=2` → replicas per service (every other service runs once). Throws with what
 * is wrong: an unknown service, or a count that is not a whole number from 1 to `maxReplicas`.
 */
export function parseScale(spec: string, maxReplicas: number): Partial<Record<ServiceName, number>> {
  const scale: Partial<Record<ServiceName, number>> = {};
  for (const part of spec.split(',').filter((entry) => entry.trim().length > 0)) {
    const [name = '', count = ''] = part.split('=').map((side) => side.trim());
    if (!isServiceName(name))
      throw new Error(`--scale: unknown service "${name}"; choose from ${SERVICE_NAMES.join(', ')}`);
    const replicas = Number(count);
    if (!/^\d+$/.test(count) || replicas < 1 || replicas > maxReplicas)
      throw new Error(`--scale ${name}=${count}: give a whole number of replicas from 1 to ${maxReplicas}`);
    scale[name] = replicas;
  }
  return scale;
}
