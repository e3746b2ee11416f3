import { EventStoreConfigError } from './errors';

export type EventData = Record<string, unknown>;

/**
 * Turns `type` data at `fromSchemaVersion` into a later version. Upcasters run on read, chained
 * until no upcaster matches; the stored event is never rewritten (its hash would break).
 */
export interface Upcaster {
  readonly type: string;
  readonly fromSchemaVersion: number;
  upcast(data: EventData): { readonly schemaVersion: number; readonly data: EventData };
}

const MAX_CHAIN = 64;

export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcaster>>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    if (!Number.isSafeInteger(upcaster.fromSchemaVersion) || upcaster.fromSchemaVersion < 1) {
      throw new EventStoreConfigError(
        `upcaster for ${upcaster.type}: fromSchemaVersion must be an integer ≥ 1`,
      );
    }
    let versions = this.byType.get(upcaster.type);
    if (!versions) {
      versions = new Map();
      this.byType.set(upcaster.type, versions);
    }
    if (versions.has(upcaster.fromSchemaVersion)) {
      throw new EventStoreConfigError(
        `two upcasters for ${upcaster.type} v${upcaster.fromSchemaVersion}: register one, which may chain to the next`,
      );
    }
    versions.set(upcaster.fromSchemaVersion, upcaster);
    return this;
  }

  /** Cheap check on the read path: most types have no upcasters. */
  handles(type: string): boolean {
    return this.byType.has(type);
  }

  upcast(type: string, schemaVersion: number, data: EventData): { schemaVersion: number; data: EventData } {
    const versions = this.byType.get(type);
    if (!versions) return { schemaVersion, data };
    let current = { schemaVersion, data };
    for (let step = 0; step < MAX_CHAIN; step++) {
      const upcaster = versions.get(current.schemaVersion);
      if (!upcaster) return current;
      const next = upcaster.upcast(current.data);
      if (!Number.isSafeInteger(next.schemaVersion) || next.schemaVersion <= current.schemaVersion) {
        throw new EventStoreConfigError(
          `upcaster ${type} v${current.schemaVersion} returned schemaVersion ${String(next.schemaVersion)}: it must move to a later version`,
        );
      }
      current = { schemaVersion: next.schemaVersion, data: next.data };
    }
    throw new EventStoreConfigError(`upcasters for ${type} chain more than ${MAX_CHAIN} steps`);
  }
}
