import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ServiceName } from './service-manifest';

/**
 * A field of an event that holds personal data, and whose person it belongs to. The event store
 * encrypts these with the person's key (crypto-shredding); consumers must not copy them into
 * places that outlive an erasure.
 */
export interface PersonalDataField {
  /** Path to the person's id, `[*]` for every element of an array: `harmedPersons[*].personId`. */
  readonly personIdPath: string;
  /** Fields next to that id that are personal: `['name', 'dateOfBirth', 'contact']`. */
  readonly fields: readonly string[];
}

export interface IntegrationEventDefinition<T extends object = object> {
  /** The stored event's type, PascalCase past tense: `ReferralReceived`. */
  readonly name: string;
  /** Schema version of the payload (1, 2, …). */
  readonly version: number;
  /** The service whose streams hold this event and whose topic carries it. */
  readonly source: ServiceName;
  /** class-validator class describing the payload. */
  readonly schema: new () => T;
  readonly description: string;
  readonly personalData?: readonly PersonalDataField[];
}

export interface RegisteredIntegrationEvent<T extends object = object> extends IntegrationEventDefinition<T> {
  /** CloudEvents type: `accord.referral.received.v1`. */
  readonly type: string;
}

/** `ReferralReceived` v1 → `accord.referral.received.v1`: the published name of a stored event. */
export function cloudEventType(name: string, version: number): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1.$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1.$2')
    .toLowerCase();
  return `accord.${words}.v${version}`;
}

/** `accord.referral.received.v1` → `accord.referral.received`: the same event across versions. */
export function withoutVersion(type: string): string {
  return type.replace(/\.v\d+$/, '');
}

const registry = new Map<string, RegisteredIntegrationEvent>();

/** Adds an event to the published language. Defining the same type twice is a programming error. */
export function defineIntegrationEvent<T extends object>(
  definition: IntegrationEventDefinition<T>,
): RegisteredIntegrationEvent<T> {
  const type = cloudEventType(definition.name, definition.version);
  if (registry.has(type)) throw new Error(`integration event ${type} is defined twice`);
  const registered = { ...definition, type } as RegisteredIntegrationEvent<T>;
  registry.set(type, registered as unknown as RegisteredIntegrationEvent);
  return registered;
}

/** One event in a source's table: its payload class and meaning; version 1 unless it says otherwise. */
export type PublishedEvent = Omit<IntegrationEventDefinition, 'name' | 'version' | 'source'> & {
  readonly version?: number;
};

/**
 * Adds the events `source` publishes to the published language, each under its name (the table's
 * key), so that neither the name nor the source is written twice: `defineIntegrationEvents('intake',
 * { ReferralAccepted: { schema: ReferralAcceptedV1, description } })`.
 */
export function defineIntegrationEvents<Table extends Record<string, PublishedEvent>>(
  source: ServiceName,
  table: Table,
): { readonly [Name in keyof Table]: RegisteredIntegrationEvent<InstanceType<Table[Name]['schema']>> } {
  return Object.fromEntries(
    Object.entries(table).map(([name, { version, ...event }]) => [
      name,
      defineIntegrationEvent({ name, version: version ?? 1, source, ...event }),
    ]),
  ) as { readonly [Name in keyof Table]: RegisteredIntegrationEvent<InstanceType<Table[Name]['schema']>> };
}

export function integrationEvent(type: string): RegisteredIntegrationEvent | undefined {
  return registry.get(type);
}

export function integrationEventFor(name: string, version: number): RegisteredIntegrationEvent | undefined {
  return registry.get(cloudEventType(name, version));
}

export function allIntegrationEvents(): RegisteredIntegrationEvent[] {
  return [...registry.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export interface ContractViolation {
  readonly field: string;
  readonly problems: readonly string[];
}

export type ContractCheck<T> =
  | { readonly valid: true; readonly value: T }
  | { readonly valid: false; readonly violations: ContractViolation[] };

function violations(errors: readonly ValidationError[], parent = ''): ContractViolation[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...violations(error.children ?? [], field)];
  });
}

/** Checks a payload against its contract: every violation at once, with field paths. */
export function checkContract<T extends object>(
  definition: IntegrationEventDefinition<T>,
  payload: unknown,
): ContractCheck<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { valid: false, violations: [{ field: '(payload)', problems: ['must be a JSON object'] }] };
  }
  const value = plainToInstance(definition.schema, payload);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? { valid: true, value } : { valid: false, violations: violations(errors) };
}
