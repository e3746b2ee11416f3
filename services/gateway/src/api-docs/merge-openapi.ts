import { API_VERSION } from '@accord/contracts';
import { routeFor, type Upstream } from '../routing/upstream-routes';

/** The parts of an OpenAPI 3 document the merge touches; the rest is carried as it is. */
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string; license?: { name: string; url?: string } };
  paths?: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, unknown>;
    responses?: Record<string, unknown>;
    securitySchemes?: Record<string, unknown>;
  };
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

export interface ServiceDocument {
  readonly service: Upstream;
  readonly document: OpenApiDocument;
}

export interface UnavailableService {
  readonly service: Upstream;
  readonly reason: string;
}

const SCHEMA_REF = '#/components/schemas/';

function renameRefs(node: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => renameRefs(item, renames));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
      const name = value.slice(SCHEMA_REF.length);
      out[key] = `${SCHEMA_REF}${renames.get(name) ?? name}`;
    } else {
      out[key] = renameRefs(value, renames);
    }
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * One document for agencies: each service's paths that the gateway routes to it (so internal
 * routes such as /health stay out), their schemas (renamed `<service>.<Name>` where two services
 * mean different things by one name), and which services did not answer.
 */
export function mergeOpenApi(
  documents: readonly ServiceDocument[],
  unavailable: readonly UnavailableService[],
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const responses: Record<string, unknown> = {};
  const tags = new Map<string, { name: string; description?: string }>();
  for (const { service, document } of documents) {
    const renames = new Map<string, string>();
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      if (name in schemas && !same(schemas[name], schema)) renames.set(name, `${service}.${name}`);
    }
    const renamed = renameRefs(document, renames) as OpenApiDocument;
    for (const [name, schema] of Object.entries(renamed.components?.schemas ?? {})) {
      schemas[renames.get(name) ?? name] = schema;
    }
    for (const [path, operations] of Object.entries(renamed.paths ?? {})) {
      const route = routeFor(path.replace(/\{[^}]+\}/g, 'x'));
      if (route.kind === 'upstream' && route.service === service) paths[path] ??= operations;
    }
    for (const [name, response] of Object.entries(renamed.components?.responses ?? {}))
      responses[name] ??= response;
    for (const tag of renamed.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
  }
  // A tag only an internal route carried (a service's Health, Metrics) would be an empty section.
  const used = new Set(
    Object.values(paths).flatMap((operations) =>
      Object.values(operations).flatMap((operation) => (operation as { tags?: string[] }).tags ?? []),
    ),
  );
  const answered = documents.map(({ service }) => service);
  return {
    openapi: '3.0.3',
    info: {
      title: 'Accord API',
      version: API_VERSION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      description: [
        'One base URL for agencies. Every operation but these documents takes `Authorization: Bearer <token>` (a JWT from your agency’s OpenID provider, with `agency` and `roles` claims).',
        'Every error is an RFC 9457 problem (`application/problem+json`): `type`, `title`, `status`, `detail`, `instance` and the `correlationId` to quote when reporting it; a 400 lists every field error at once with a JSON Pointer. Events for consumers are described by the AsyncAPI document at `/api/asyncapi.json`.',
        'Read-your-writes across services: every answer about a case carries an `Accord-Consistency` header (the log positions of what was written, or of the case as read). Send the latest one back with your next request about the case: the service that needs those events waits until it has them (at most a few seconds, then 503 with `Retry-After`), so a step never fails because an earlier one is still on its way — e.g. resolving an action right after recording the agreement. The token is opaque; keep one per case.',
        'Versioning: the path carries no version; within a major version changes are only additive (see the README’s compatibility policy).',
        `Included: ${answered.join(', ') || '(none)'}.`,
        unavailable.length > 0
          ? `Not answering now, so missing here: ${unavailable.map((u) => `${u.service} (${u.reason})`).join('; ')}.`
          : '',
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ bearer: [] }],
    tags: [...tags.values()].filter((tag) => used.has(tag.name)).sort((a, b) => a.name.localeCompare(b.name)),
    'x-accord-services': { included: answered, unavailable },
  };
}
