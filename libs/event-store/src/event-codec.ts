import { canonicalJson } from './canonical';
import { ENVELOPE_MARKER, type PersonalDataProtector } from './crypto/personal-data';
import type { EventMetadata, NewEvent, RecordedEvent } from './event-store.port';
import { InvalidEvent } from './errors';
import type { GlobalPosition } from './global-position';
import type { EventData, UpcasterRegistry } from './upcasting';
import { assertStorableJson, validateNewEvents } from './validation';

/** An event ready for storage: validated, personal fields encrypted, data and metadata in canonical JSON. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  /** Canonical JSON of the data as stored: the exact text the hash covers. */
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** A stored event as an adapter reads it back, before decryption and upcasting. */
export interface StoredEvent {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly recordedAt: string;
  readonly globalPosition: GlobalPosition;
  readonly hash: string;
  readonly prevHash: string;
}

/** The write and read pipelines every adapter shares, so they store and present events identically. */
export class EventCodec {
  constructor(
    readonly protector: PersonalDataProtector,
    readonly upcasters: UpcasterRegistry,
  ) {}

  async prepare(streamId: string, events: readonly NewEvent<string, object>[]): Promise<PreparedEvent[]> {
    const valid = validateNewEvents(streamId, events);
    const stored = await this.protector.protect(valid);
    let lastMetadata: unknown = undefined;
    let lastMetadataJson = '';
    return valid.map((event, index) => {
      const dataJson = canonicalJson(stored[index]);
      if (!this.protector.appliesTo(event.type) && dataJson.includes(ENVELOPE_MARKER)) {
        throw new InvalidEvent(
          `events[${index}].data`,
          'contains a string starting with "enc:v1:", which is reserved for encrypted fields',
        );
      }
      assertStorableJson(dataJson, `events[${index}].data`);
      if (event.metadata !== lastMetadata) {
        lastMetadataJson = canonicalJson(event.metadata);
        assertStorableJson(lastMetadataJson, `events[${index}].metadata`);
        lastMetadata = event.metadata;
      }
      const metadataJson = lastMetadataJson;
      return {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        dataJson,
        metadataJson,
      };
    });
  }

  /** Stored rows as events: personal fields decrypted (unless `reveal` is false), upcast. */
  async decode(rows: readonly StoredEvent[], { reveal = true } = {}): Promise<RecordedEvent[]> {
    const parsed = rows.map((row) => ({ row, data: JSON.parse(row.dataJson) as EventData }));
    const sealed = parsed.filter((item) => item.row.dataJson.includes(ENVELOPE_MARKER));
    if (reveal && sealed.length > 0)
      await this.protector.reveal(sealed.map((item) => ({ eventId: item.row.eventId, data: item.data })));
    return parsed.map(({ row, data }) => {
      const upcast = this.upcasters.handles(row.type)
        ? this.upcasters.upcast(row.type, row.schemaVersion, data)
        : { schemaVersion: row.schemaVersion, data };
      return {
        eventId: row.eventId,
        type: row.type,
        schemaVersion: upcast.schemaVersion,
        data: upcast.data,
        metadata: JSON.parse(row.metadataJson) as EventMetadata,
        streamId: row.streamId,
        streamVersion: row.streamVersion,
        globalPosition: row.globalPosition,
        recordedAt: row.recordedAt,
        hash: row.hash,
        prevHash: row.prevHash,
      };
    });
  }
}
