import { SetMetadata, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ApplicationConfig, type HttpAdapterHost, type ModulesContainer } from '@nestjs/core';
import {
  ApiOkResponse,
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { classSchemas, type Json } from '@accord/contracts';
import { routeAccess } from '../auth/auth.guard';
import { CONSISTENCY_HEADER } from '../consistency/consistency-token';
import { PROBLEM_MEDIA_TYPE } from '../http/problem';

export interface OpenApiInfo {
  readonly title: string;
  readonly description: string;
}

/** A service's document title and description when its definition names none. */
export const defaultApiInfo = (service: string): OpenApiInfo => ({
  title: `Accord ${service}`,
  description: `The ${service} service.`,
});

/** The capabilities an integrator finds operations under; every operation carries one. */
export const API_TAGS = {
  referrals:
    'Submit a referral once (idempotently), follow it, amend it; the receiving service accepts or declines it.',
  screening:
    'Eligibility decisions under a versioned rule set, and a screener’s decision where rules ask for one.',
  consent: 'Consent per participant and per purpose, withdrawable at any moment; the consent inbox.',
  conferencing: 'Facilitators, conference scheduling and outcomes.',
  'follow-up': 'Agreed actions, check-ins and closing a case.',
  notifications:
    'What each participant and agency mailbox was sent about a case, on which channel, or why it was not (suppressed, bounced).',
  webhooks:
    'An agency’s signed CloudEvents subscriptions for its own cases’ stages: register, list deliveries, redeliver.',
  reports: 'Aggregate outcome reports for RJ services and agencies.',
  audit: 'Case history, state as of any moment, tamper-evidence checks and signed checkpoints.',
  admin: 'Reference data: agencies and the RJ services each may refer to; erasure of a person.',
  directory:
    "Public reference data: each agency's trusted OpenID issuers, as every service's token verifier reads them.",
} as const;
export type ApiTag = keyof typeof API_TAGS;

/** Problem statuses an operation may answer besides those every operation shares. */
export type DeclaredProblem = 404 | 409 | 422;
const PROBLEMS_KEY = 'accord.openapi.problems';

/** The problem statuses this operation answers besides 400/401/403/413/429/500/502/503/504. */
export const ApiProblems = (...statuses: DeclaredProblem[]): MethodDecorator =>
  SetMetadata(PROBLEMS_KEY, statuses);

const PROBLEM_RESPONSES: Record<number, { readonly name: string; readonly description: string }> = {
  400: {
    name: 'BadRequest',
    description:
      'The request has invalid fields: `errors` names each one (a JSON Pointer into the body, or the parameter or header) with what to send instead.',
  },
  401: {
    name: 'Unauthorized',
    description: 'No bearer token, or one that is not valid (expired, unknown issuer, bad signature).',
  },
  403: {
    name: 'Forbidden',
    description: 'The token’s roles do not allow this; auditors never change anything.',
  },
  404: { name: 'NotFound', description: 'No such resource, or none this agency may see.' },
  409: {
    name: 'Conflict',
    description:
      'The case is not in a state that allows this (`code` says why), or it changed while the request was decided (`CONCURRENT_CHANGE`: read it again and retry).',
  },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than the service accepts.' },
  422: {
    name: 'UnprocessableContent',
    description: 'Well formed, but a rule refuses it; `code` names the rule.',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many requests from this caller this minute (gateway); wait and retry.',
  },
  500: {
    name: 'InternalServerError',
    description: 'Our fault, never the request’s: quote the `correlationId` when you report it.',
  },
  502: { name: 'BadGateway', description: 'The gateway could not reach the service (`service` names it).' },
  503: {
    name: 'ServiceUnavailable',
    description:
      'Not now (a dependency is down or a write is not visible yet); retry after `Retry-After` seconds.',
  },
  504: { name: 'GatewayTimeout', description: 'The service did not answer in time; try again shortly.' },
};

/** What every authenticated operation of a service that keeps events says about consistency tokens. */
const CONSISTENCY_TOKEN_SCHEMA = {
  type: 'string',
  example: 'conferencing:7f3c2a1e-9b8d-4c6f-a2e1-0d9c8b7a6f5e@00000000000000001234-00000000000000000007',
};
const CONSISTENCY_PARAMETER = {
  name: CONSISTENCY_HEADER,
  in: 'header',
  required: false,
  description:
    'Read-your-writes across services: the token of the last answer about this case (or journey). The service waits until it has heard the events it names (at most a few seconds; then 503 with Retry-After), so it never answers from a state older than what you already did — e.g. follow-up does not refuse an action right after conferencing recorded the agreement.',
  schema: CONSISTENCY_TOKEN_SCHEMA,
};
const CONSISTENCY_RESPONSE_HEADER = {
  description:
    'The consistency token after this request: what it was sent with, plus the log positions this request wrote (or, for a read of one case, the case’s latest published event here). Send it with the next request about the case. Opaque; keep the latest.',
  schema: CONSISTENCY_TOKEN_SCHEMA,
};

type Operation = {
  operationId?: string;
  description?: string;
  summary?: string;
  tags?: string[];
  parameters?: Array<Record<string, unknown> & { in?: string; name?: string }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
};

interface Handler {
  readonly controller: Type<unknown>;
  readonly method: string;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const lowerFirst = (text: string): string => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
const upperFirst = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The `@Query()` DTO of a handler, when it takes the whole query as one validated class. */
function queryClass({ controller, method }: Handler): Type<unknown> | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ??
    []) as Type<unknown>[];
  const query = Object.entries(args).find(
    ([key, arg]) => key.startsWith(`${RouteParamtypes.QUERY}:`) && arg.data === undefined,
  );
  return query ? types[query[1].index] : undefined;
}

function refsIn(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/'))
        found.add(inner.slice('#/components/schemas/'.length));
      else refsIn(inner, found);
    }
  }
}

/**
 * Completes what @nestjs/swagger scanned: schemas from the class-validator rules that validate
 * requests (and describe responses), query parameters from the query DTO, bearer security from
 * the auth guard's own metadata (`@Public`, `@Roles`), and the problem responses every operation
 * can answer, each one referencing the one `Problem` schema.
 */
function complete(
  document: OpenAPIObject,
  handlers: ReadonlyMap<string, Handler>,
  consistencyTokens: boolean,
): OpenAPIObject {
  const schemas = classSchemas();
  const idCounts = new Map<string, number>();
  for (const handler of handlers.values()) {
    idCounts.set(handler.controller.name, (idCounts.get(handler.controller.name) ?? 0) + 1);
  }
  const usedResponses = new Set<number>();
  for (const item of Object.values(document.paths)) {
    for (const verb of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[verb];
      if (!operation) continue;
      const handler = handlers.get(operation.operationId ?? '');
      if (!handler) throw new Error(`no handler found for operation ${operation.operationId}`);
      const base = lowerFirst(handler.controller.name.replace(/HttpController$/, ''));
      operation.operationId =
        (idCounts.get(handler.controller.name) ?? 0) > 1 ? `${base}${upperFirst(handler.method)}` : base;

      const access = routeAccess(
        (handler.controller.prototype as Record<string, object>)[handler.method] as object,
        handler.controller,
      );
      operation.security = access.public ? [] : [{ bearer: [] }];
      if (access.roles) {
        operation.description = [
          operation.description,
          `Roles: ${access.roles.map((r) => `\`${r}\``).join(', ')}.`,
        ]
          .filter(Boolean)
          .join('\n\n');
      }

      const query = queryClass(handler);
      const querySchema = query
        ? (schemas[query.name] as { properties?: Record<string, Json>; required?: string[] })
        : undefined;
      if (querySchema?.properties) {
        operation.parameters = [
          ...(operation.parameters ?? []).filter((parameter) => parameter.in !== 'query'),
          ...Object.entries(querySchema.properties).map(([name, schema]) => {
            const { description, example, ...rest } = schema as Record<string, Json>;
            return {
              name,
              in: 'query',
              required: querySchema.required?.includes(name) ?? false,
              ...(description ? { description } : {}),
              ...(example !== undefined ? { example } : {}),
              schema: rest,
            };
          }),
        ];
      }

      const declared = (Reflect.getMetadata(
        PROBLEMS_KEY,
        (handler.controller.prototype as Record<string, object>)[handler.method] as object,
      ) ?? []) as DeclaredProblem[];
      const statuses = [
        ...((operation.parameters ?? []).length > 0 || operation.requestBody ? [400] : []),
        ...(access.public ? [] : [401, 403]),
        ...declared,
        ...(operation.requestBody ? [413] : []),
        429,
        500,
        502,
        503,
        504,
      ].sort((a, b) => a - b);
      if (!access.public && consistencyTokens) {
        operation.parameters = [...(operation.parameters ?? []), CONSISTENCY_PARAMETER];
        for (const [status, response] of Object.entries(operation.responses))
          if (status.startsWith('2') && response && typeof response === 'object')
            (response as { headers?: Record<string, unknown> }).headers = {
              ...(response as { headers?: Record<string, unknown> }).headers,
              [CONSISTENCY_HEADER]: CONSISTENCY_RESPONSE_HEADER,
            };
      }
      for (const status of statuses) {
        usedResponses.add(status);
        operation.responses[String(status)] = {
          $ref: `#/components/responses/${PROBLEM_RESPONSES[status]?.name}`,
        };
      }
    }
  }

  const needed = new Set<string>(['Problem']);
  refsIn(document.paths, needed);
  const components: Record<string, unknown> = {};
  for (let queue = [...needed]; queue.length > 0; ) {
    const name = queue.pop() as string;
    const schema = schemas[name] ?? (document.components?.schemas?.[name] as Json | undefined);
    if (schema === undefined) throw new Error(`the document refers to ${name}, which has no schema`);
    components[name] = schema;
    const inner = new Set<string>();
    refsIn(schema, inner);
    queue = [...queue, ...[...inner].filter((ref) => !(ref in components) && !queue.includes(ref))];
  }
  return {
    ...document,
    tags: [
      ...new Set(
        Object.values(document.paths).flatMap((item) =>
          HTTP_METHODS.flatMap((verb) => (item as Record<string, Operation | undefined>)[verb]?.tags ?? []),
        ),
      ),
    ]
      .sort()
      .map((name) => ({ name, description: API_TAGS[name as ApiTag] ?? name })),
    components: {
      ...document.components,
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      responses: Object.fromEntries(
        [...usedResponses]
          .sort((a, b) => a - b)
          .map((status) => {
            const { name, description } = PROBLEM_RESPONSES[status] as { name: string; description: string };
            return [
              name,
              {
                description,
                content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
              },
            ];
          }),
      ),
    },
  } as OpenAPIObject;
}

/** What a service's OpenAPI document is built from: its Nest modules and HTTP adapter. */
export interface ApiSource {
  readonly modules: ModulesContainer;
  readonly adapterHost: HttpAdapterHost;
}

/**
 * A service's OpenAPI document. The scanner reads modules, routing config and the HTTP adapter,
 * which the container holds, so it is built without the app object — also from an app created in
 * preview mode (`npm run openapi`), where nothing connects to anything.
 */
export function openApiDocument(
  { modules, adapterHost }: ApiSource,
  info: OpenApiInfo,
  consistencyTokens = true,
): OpenAPIObject {
  const handlers = new Map<string, Handler>();
  const scanned = SwaggerModule.createDocument(
    {
      container: { getModules: () => modules },
      config: new ApplicationConfig(),
      getHttpAdapter: () => adapterHost.httpAdapter,
    } as unknown as Parameters<typeof SwaggerModule.createDocument>[0],
    new DocumentBuilder()
      .setTitle(info.title)
      .setDescription(info.description)
      .setVersion('1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    {
      operationIdFactory: (controllerKey: string, methodKey: string) => {
        for (const module of modules.values()) {
          for (const wrapper of module.controllers.values()) {
            const controller = wrapper.metatype as Type<unknown> | null;
            if (controller?.name === controllerKey)
              handlers.set(`${controllerKey}.${methodKey}`, { controller, method: methodKey });
          }
        }
        return `${controllerKey}.${methodKey}`;
      },
    },
  );
  return complete(scanned, handlers, consistencyTokens);
}

/**
 * A 200 whose body is one of several documented classes, by who asks (e.g. a referring agency's
 * summary or the receiving service's detail): each class's schema, any of them.
 */
export const ApiOkResponseAnyOf = (description: string, ...types: Type<unknown>[]): MethodDecorator =>
  ApiOkResponse({ description, schema: { anyOf: types.map((type) => ({ $ref: getSchemaPath(type) })) } });
