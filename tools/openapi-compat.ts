// `npm run openapi:compat`: compares docs/openapi.json with the last released document
// (docs/openapi.released.json) and fails on a breaking change unless the major version went up
// (README, "Versioning and compatibility"). `-- --release` makes the current document the released one.
import { copyFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  minItems?: number;
  pattern?: string;
};
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface ApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const VERBS = ['get', 'put', 'post', 'delete', 'patch'];

function resolver(document: ApiDocument): (schema: Schema | undefined) => Schema | undefined {
  const resolveSchema = (schema: Schema | undefined, seen = new Set<string>()): Schema | undefined => {
    if (!schema?.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return {};
    seen.add(name);
    return resolveSchema(document.components?.schemas?.[name], seen);
  };
  return resolveSchema;
}

/** Which way data flows: clients send requests (may not be narrowed), read responses (may not lose anything). */
type Direction = 'request' | 'response';

const narrowed = (before: Schema, after: Schema): string[] => {
  const problems: string[] = [];
  const lower = (key: 'maxLength' | 'maximum' | 'maxItems') =>
    after[key] !== undefined && (before[key] === undefined || after[key] < before[key]);
  const higher = (key: 'minLength' | 'minimum' | 'minItems') =>
    after[key] !== undefined && (before[key] === undefined || after[key] > before[key]);
  for (const key of ['maxLength', 'maximum', 'maxItems'] as const)
    if (lower(key)) problems.push(`${key} lowered`);
  for (const key of ['minLength', 'minimum', 'minItems'] as const)
    if (higher(key)) problems.push(`${key} raised`);
  if (after.pattern !== undefined && after.pattern !== before.pattern) problems.push('pattern changed');
  return problems;
};

function compareSchemas(
  before: Schema | undefined,
  after: Schema | undefined,
  direction: Direction,
  where: string,
  resolveBefore: ReturnType<typeof resolver>,
  resolveAfter: ReturnType<typeof resolver>,
  depth = 0,
): string[] {
  const a = resolveBefore(before);
  const b = resolveAfter(after);
  if (!a || depth > 12) return [];
  if (!b) return [`${where}: schema removed`];
  const problems: string[] = [];
  if (a.type !== b.type) problems.push(`${where}: type ${a.type ?? 'any'} → ${b.type ?? 'any'}`);
  if (a.format !== b.format && b.format !== undefined)
    problems.push(`${where}: format ${a.format} → ${b.format}`);
  if (direction === 'request') {
    if (b.enum && (!a.enum || a.enum.some((value) => !b.enum?.includes(value))))
      problems.push(`${where}: accepts fewer values (enum)`);
    problems.push(...narrowed(a, b).map((problem) => `${where}: ${problem}`));
  } else if (a.enum && b.enum && b.enum.some((value) => !a.enum?.includes(value))) {
    // Clients must tolerate new enum values (README); dropping them is not breaking for a reader.
  }
  for (const [name, schema] of Object.entries(a.properties ?? {})) {
    const path = `${where}.${name}`;
    const next = b.properties?.[name];
    if (!next) {
      problems.push(`${path}: removed`);
      continue;
    }
    if (direction === 'response' && a.required?.includes(name) && !b.required?.includes(name))
      problems.push(`${path}: no longer always present`);
    problems.push(...compareSchemas(schema, next, direction, path, resolveBefore, resolveAfter, depth + 1));
  }
  if (direction === 'request') {
    for (const name of b.required ?? []) {
      if (!a.required?.includes(name)) problems.push(`${where}.${name}: newly required`);
    }
  }
  if (a.items)
    problems.push(
      ...compareSchemas(a.items, b.items, direction, `${where}[]`, resolveBefore, resolveAfter, depth + 1),
    );
  return problems;
}

const contentSchema = (content: Record<string, { schema?: Schema }> | undefined): Schema | undefined =>
  Object.values(content ?? {})[0]?.schema;

/** Every breaking change from `released` to `current`, one line each. */
export function breakingChanges(released: ApiDocument, current: ApiDocument): string[] {
  const resolveBefore = resolver(released);
  const resolveAfter = resolver(current);
  const problems: string[] = [];
  for (const [path, item] of Object.entries(released.paths)) {
    for (const verb of VERBS) {
      const before = item[verb];
      if (!before) continue;
      const after = current.paths[path]?.[verb];
      const where = `${verb.toUpperCase()} ${path}`;
      if (!after) {
        problems.push(`${where}: operation removed`);
        continue;
      }
      for (const parameter of after.parameters ?? []) {
        const old = before.parameters?.find((p) => p.name === parameter.name && p.in === parameter.in);
        if (parameter.required && !old?.required)
          problems.push(`${where}: parameter ${parameter.name} newly required`);
        if (old)
          problems.push(
            ...compareSchemas(
              old.schema,
              parameter.schema,
              'request',
              `${where} ${parameter.name}`,
              resolveBefore,
              resolveAfter,
            ),
          );
      }
      for (const parameter of before.parameters ?? []) {
        if (!after.parameters?.some((p) => p.name === parameter.name && p.in === parameter.in))
          problems.push(`${where}: parameter ${parameter.name} removed`);
      }
      if (after.requestBody?.required && !before.requestBody?.required)
        problems.push(`${where}: body newly required`);
      problems.push(
        ...compareSchemas(
          contentSchema(before.requestBody?.content),
          contentSchema(after.requestBody?.content) ?? (before.requestBody ? undefined : {}),
          'request',
          `${where} body`,
          resolveBefore,
          resolveAfter,
        ),
      );
      for (const [status, response] of Object.entries(before.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        const next = after.responses?.[status];
        if (!next) {
          problems.push(`${where}: response ${status} removed`);
          continue;
        }
        problems.push(
          ...compareSchemas(
            contentSchema(response.content),
            contentSchema(next.content),
            'response',
            `${where} ${status}`,
            resolveBefore,
            resolveAfter,
          ),
        );
      }
    }
  }
  return problems;
}

const major = (version: string): number => Number.parseInt(version.split('.')[0] ?? '0', 10);

if (require.main === module) {
  const docs = resolve(__dirname, '..', 'docs');
  const currentPath = resolve(docs, 'openapi.json');
  const releasedPath = resolve(docs, 'openapi.released.json');
  if (process.argv.includes('--release')) {
    copyFileSync(currentPath, releasedPath);
    process.stdout.write('docs/openapi.released.json is now the current document\n');
  } else {
    const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ApiDocument;
    const released = read(releasedPath);
    const current = read(currentPath);
    const problems = breakingChanges(released, current);
    const announced = major(current.info.version) > major(released.info.version);
    for (const problem of problems) process.stderr.write(`breaking: ${problem}\n`);
    if (problems.length > 0 && !announced) {
      process.stderr.write(
        `${problems.length} breaking change(s) against the released API ${released.info.version}: keep the old shape, or announce a new major version (API_VERSION in libs/contracts) — README, "Versioning and compatibility"\n`,
      );
      process.exit(1);
    }
    process.stdout.write(
      `docs/openapi.json is compatible with the released ${released.info.version}${problems.length ? ` (breaking changes announced by ${current.info.version})` : ''}\n`,
    );
  }
}
