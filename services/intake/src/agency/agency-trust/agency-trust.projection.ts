import type { EntityManager } from 'typeorm';
import type { AgencyTrustEvent } from '@accord/intake-domain';
import type { RecordedEvent } from '@accord/event-store';
import { projectionSchema, type Projection } from '@accord/platform';

export const AGENCY_TRUST_STREAM_PREFIX = 'intake.AgencyTrust-';

/** Each agency's trusted issuers as last set; a row keeps the stream version it reflects. */
export const agencyTrustProjection: Projection = {
  name: 'intake.agency-trust.v1',
  streamPrefix: AGENCY_TRUST_STREAM_PREFIX,
  types: ['AgencyTrustSet'],
  tables: [{ name: 'agency_trust' }],
  alsoWrittenBy: 'the projection host after each command (read-your-writes)',
  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as unknown as AgencyTrustEvent;
    const { agencyId, tier, issuers } = event.data;
    await manager.query(
      `INSERT INTO "${projectionSchema(manager)}".agency_trust (agency_id, tier, issuers, stream_version)
       VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (agency_id) DO UPDATE
         SET tier = excluded.tier, issuers = excluded.issuers, stream_version = excluded.stream_version
       WHERE agency_trust.stream_version < excluded.stream_version`,
      [agencyId, tier, JSON.stringify(issuers), recorded.streamVersion],
    );
  },
};
