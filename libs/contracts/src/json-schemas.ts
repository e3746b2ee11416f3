import { IS_ISO8601, IsOptional, ValidationTypes } from 'class-validator';
import { JSONSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';

// Nested array types come from class-transformer's @Type metadata, which it does not export publicly.
const { defaultMetadataStorage } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

const PRIMITIVES = new Map<unknown, { type: string }>([
  [String, { type: 'string' }],
  [Number, { type: 'number' }],
  [Boolean, { type: 'boolean' }],
  [Array, { type: 'array' }],
  [Object, { type: 'object' }],
]);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A `$ref` stands alone (OpenAPI 3.0): the `type: object` the generator puts beside one goes. */
function stripRefSiblings(node: Json): void {
  if (Array.isArray(node)) node.forEach(stripRefSiblings);
  else if (node && typeof node === 'object') {
    if ('$ref' in node) for (const key of Object.keys(node)) if (key !== '$ref') delete node[key];
    Object.values(node).forEach(stripRefSiblings);
  }
}

/**
 * JSON Schemas of every class with class-validator rules loaded in this process, by class name,
 * `$ref`s pointing at `<refPrefix><Name>`: the rules that validate a payload are the schema that
 * documents it (events in AsyncAPI, requests and responses in OpenAPI). A class that only renames
 * its parent (`ConsentGivenV1 extends ConsentFact`) has no rules of its own: it gets its parent's.
 */
export function classSchemas(
  classes: readonly (abstract new (...args: never[]) => unknown)[] = [],
  refPrefix = '#/components/schemas/',
): Record<string, Json> {
  const schemas = validationMetadatasToSchemas({
    refPointerPrefix: refPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    // A custom rule says nothing JSON Schema can; its property's own type is all that is known.
    additionalConverters: {
      [ValidationTypes.CUSTOM_VALIDATION]: (meta) => {
        const type: unknown =
          typeof meta.target === 'function'
            ? Reflect.getMetadata('design:type', meta.target.prototype as object, meta.propertyName)
            : undefined;
        return PRIMITIVES.get(type) ?? {};
      },
      // A date or a date-time: the two overlap (both strings), so any of them, not exactly one.
      [IS_ISO8601]: {
        anyOf: [
          { type: 'string', format: 'date' },
          { type: 'string', format: 'date-time' },
        ],
      },
    },
  }) as Record<string, Json>;
  stripRefSiblings(schemas);
  for (const schema of classes) {
    let ancestor = Object.getPrototypeOf(schema) as { name?: string } | null;
    while (!(schema.name in schemas) && ancestor?.name) {
      if (ancestor.name in schemas)
        schemas[schema.name] = { allOf: [{ $ref: `${refPrefix}${ancestor.name}` }] };
      ancestor = Object.getPrototypeOf(ancestor) as { name?: string } | null;
    }
  }
  return schemas;
}

/** Null alone, as OpenAPI 3.0 can say it. */
const nullOnly = (): { type: 'object'; nullable: true; enum: null[] } => ({
  type: 'object',
  nullable: true,
  enum: [null],
});

/**
 * The schema of an object of the named class, or null. OpenAPI 3.0 has no `type: null`, and a
 * `$ref` takes no `nullable` beside it: either the class's schema, or a null.
 */
export const nullableRef = (name: string, refPrefix = '#/components/schemas/'): { [key: string]: Json } => ({
  anyOf: [{ $ref: `${refPrefix}${name}` }, nullOnly()],
});

/** Applies both decorators: the property's JSON Schema and `IsOptional` (null passes class-validator). */
function optionalWithSchema(schema: PropertyDecorator): PropertyDecorator {
  const optional = IsOptional();
  return (target, property) => {
    optional(target, property);
    schema(target, property);
  };
}

/**
 * A property that may hold null besides what its other rules describe: `nullable` beside the type,
 * or, for a type given as alternatives (an ISO 8601 date or date-time), null as one more of them.
 */
export const Nullable = (extra: { readonly [key: string]: Json } = {}): PropertyDecorator =>
  optionalWithSchema(
    JSONSchema((schema) =>
      schema.anyOf
        ? { ...schema, ...extra, anyOf: [...schema.anyOf, nullOnly()] }
        : { ...schema, ...extra, nullable: true },
    ) as PropertyDecorator,
  );

/** A property holding an object of class `type`, or null (see `nullableRef`). */
export function NullableNested(
  type: () => abstract new (...args: never[]) => unknown,
  description?: string,
): PropertyDecorator {
  return optionalWithSchema(
    JSONSchema(() => ({
      ...(description ? { description } : {}),
      ...nullableRef(type().name),
    })) as PropertyDecorator,
  );
}

/** An object with exactly these keys, each holding `value` (a `Record<K, V>` over a fixed list). */
export const recordSchema = (keys: readonly string[], value: Json): { [key: string]: Json } => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((key) => [key, value])),
  required: [...keys],
});
