import fc from 'fast-check';

type Schema = Readonly<Record<string, unknown>>;

/** The parts of an OpenAPI 3 document the fuzzer reads. */
export interface FuzzedDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

/** One route that changes something, with the JSON schema of its body (when it takes one). */
export interface WriteOperation {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: Schema;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** Every write route of the document. */
export function writeOperations(document: FuzzedDocument): WriteOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    WRITE_METHODS.filter((method) => item[method] !== undefined).map((method) => {
      const operation = item[method] as {
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      };
      const body = operation.requestBody?.content?.['application/json']?.schema;
      return {
        method: method.toUpperCase() as WriteOperation['method'],
        path,
        ...(body ? { body } : {}),
      };
    }),
  );
}

/** Strings that have broken services before: NUL, lone surrogates, huge, odd dates, markup. */
const nastyString = fc.constantFrom(
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '9'.repeat(400),
  '0000-00-00',
  '2026-02-30',
  '+275760-09-13T00:00:00.001Z',
  'NaN',
  '<script>alert(1)</script>',
  "'; drop table events; --",
  '../../etc/passwd',
  '\u202Eevil',
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [[]], [{}]),
);

/** A value for `schema`, mostly of the right shape, sometimes wrong in the ways clients are wrong. */
export function valueFor(schema: Schema, document: FuzzedDocument, depth = 0): fc.Arbitrary<unknown> {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = document.components?.schemas?.[ref.split('/').pop() ?? ''];
    return target && depth < 6 ? valueFor(target, document, depth + 1) : nastyValue;
  }
  const allOf = schema['allOf'] ?? schema['oneOf'] ?? schema['anyOf'];
  if (Array.isArray(allOf) && allOf.length > 0)
    return fc.oneof(...(allOf as Schema[]).map((part) => valueFor(part, document, depth + 1)));
  const shaped = shapedValue(schema, document, depth);
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: nastyValue, weight: 1 });
}

function shapedValue(schema: Schema, document: FuzzedDocument, depth: number): fc.Arbitrary<unknown> {
  const choices = schema['enum'];
  if (Array.isArray(choices) && choices.length > 0) return fc.constantFrom(...(choices as unknown[]));
  switch (schema['type']) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
      if (depth > 6) return fc.constant({});
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [
            name,
            valueFor(property, document, depth + 1),
          ]),
        ),
        { requiredKeys: [] },
      );
    }
    case 'array': {
      const items = (schema['items'] ?? {}) as Schema;
      return depth > 6 ? fc.constant([]) : fc.array(valueFor(items, document, depth + 1), { maxLength: 3 });
    }
    case 'string':
      return schema['format'] === 'uuid'
        ? fc.uuid()
        : schema['format'] === 'date' || schema['format'] === 'date-time'
          ? fc.oneof(
              fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
              nastyString,
            )
          : fc.oneof(fc.string({ maxLength: 40 }), nastyString);
    case 'integer':
      return fc.oneof(fc.integer(), fc.double());
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** The body to send: schema-shaped, or no JSON object at all, or absurdly nested. */
export function bodyFor(operation: WriteOperation, document: FuzzedDocument): fc.Arbitrary<string> {
  const shaped = operation.body
    ? valueFor(operation.body, document).map((value) => JSON.stringify(value) ?? 'null')
    : fc.constant('{}');
  return fc.oneof(
    { arbitrary: shaped, weight: 6 },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null'), weight: 1 },
    { arbitrary: fc.integer({ min: 33, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
  );
}

/** A path with its `{parameters}` filled: a fresh UUID, a known id, or something odd. */
export function pathFor(operation: WriteOperation, knownIds: readonly string[]): fc.Arbitrary<string> {
  const names = operation.path.match(/\{[^}]+\}/g) ?? [];
  const id = fc.oneof(
    fc.uuid(),
    ...(knownIds.length > 0 ? [fc.constantFrom(...knownIds)] : []),
    fc.constantFrom('%00', '%E0%A4%A', 'not-a-uuid', '..', 'a'.repeat(300)),
  );
  return fc
    .tuple(...names.map(() => id))
    .map((values) => names.reduce((path, name, i) => path.replace(name, values[i] ?? ''), operation.path));
}
