import 'reflect-metadata';
import { Expose, plainToInstance, Type } from 'class-transformer';
import { IsInt, isURL, Max, Min, validateSync, ValidateBy, type ValidationError } from 'class-validator';
import { serviceUrls } from '@accord/contracts';

/** Thrown when the environment does not describe a runnable service; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads a config class (class-validator rules, `@Expose()`d properties, defaults as initialisers)
 * from the environment. Empty variables count as unset. Every problem is reported at once,
 * naming the variable, what was expected and what was found.
 */
export function loadConfig<T extends object>(
  schema: new () => T,
  env: Env = process.env,
  overrides: Partial<T> = {},
): T {
  const present: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }
  const config = plainToInstance(
    schema,
    { ...overrides, ...present },
    { excludeExtraneousValues: true, exposeDefaultValues: true },
  );
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap((error) => describe(error, env)));
  return config;
}

/** Variables whose values never appear in a message (a near-miss key is still most of a key). */
const SECRET = /(_KEY|_SECRET)$/;

function describe(error: ValidationError, env: Env): string[] {
  const raw = env[error.property];
  const found =
    raw === undefined || raw.trim() === ''
      ? 'it is not set'
      : SECRET.test(error.property)
        ? `got a value of ${raw.length} characters, not shown`
        : `got ${JSON.stringify(raw)}`;
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  return [
    ...(messages.length > 0 ? [`${error.property}: ${messages.join('; ')} (${found})`] : []),
    // A structured (JSON) variable: each nested problem, named by its path in the value.
    ...nestedProblems(error.property, error.children ?? []),
  ];
}

function nestedProblems(path: string, children: readonly ValidationError[]): string[] {
  return children.flatMap((child) => {
    const at = /^\d+$/.test(child.property) ? `${path}[${child.property}]` : `${path}.${child.property}`;
    const messages = [...new Set(Object.values(child.constraints ?? {}))];
    return [
      ...(messages.length > 0 ? [`${at}: ${messages.join('; ')}`] : []),
      ...nestedProblems(at, child.children ?? []),
    ];
  });
}

/** A whole-number variable's rule: its unit and bounds, said in the messages a bad value gets. */
export interface WholeNumberRule {
  /** `must be a whole number of <unit>`. */
  readonly unit?: string;
  readonly min: number;
  readonly max?: number;
  /** Instead of `must not be negative` / `must be at least <min>` / `must be at most <max>`. */
  readonly outOfRange?: string;
}

/** An `@Expose()`d whole-number variable (read from its string) within bounds. */
export function WholeNumber(rule: WholeNumberRule): PropertyDecorator {
  const below = rule.outOfRange ?? (rule.min === 0 ? 'must not be negative' : `must be at least ${rule.min}`);
  const decorators: PropertyDecorator[] = [
    Expose(),
    Type(() => Number),
    IsInt({ message: `must be a whole number${rule.unit ? ` of ${rule.unit}` : ''}` }),
    Min(rule.min, { message: below }),
    ...(rule.max === undefined
      ? []
      : [Max(rule.max, { message: rule.outOfRange ?? `must be at most ${rule.max}` })]),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

const HTTP_URL = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

/**
 * An `@Expose()`d variable saying where a service answers: one http(s) URL, or its replicas' URLs
 * separated by commas (read with `serviceUrls`).
 */
export function ServiceUrls(): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    Expose(),
    ValidateBy({
      name: 'isServiceUrls',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          serviceUrls(value).length > 0 &&
          serviceUrls(value).every((url) => isURL(url, HTTP_URL)),
        defaultMessage: () =>
          'must be an http(s) URL such as http://127.0.0.1:3001, or several (one per replica) separated by commas',
      },
    }),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

/** What `parse` throws for `value`, as its message; null when `value` parses. */
export function parseProblem(parse: (value: string) => unknown, value: string): string | null {
  try {
    parse(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * An `@Expose()`d string variable that `problem` judges: a bad value gets what `problem` says of it
 * as its message (`otherwise` when there is nothing to say, e.g. the value is not a string).
 */
export function CheckedText(
  name: string,
  problem: (value: string) => string | null,
  otherwise: string,
): PropertyDecorator {
  const decorators: PropertyDecorator[] = [
    Expose(),
    ValidateBy({
      name,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && problem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? problem(args.value) : null) ?? otherwise,
      },
    }),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}
