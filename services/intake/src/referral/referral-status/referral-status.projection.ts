import type { EntityManager } from 'typeorm';
import { LATER_STAGE_EVENTS } from '@accord/contracts';
import type { RecordedEvent } from '@accord/event-store';
import { projectionSchema, type HeardEvent, type Projection } from '@accord/platform';
import type { ReferralEvent } from '@accord/intake-domain';
import { REFERRAL_STREAM_PREFIX } from '../referral.stream';
import { observedStep, ownStep, type ObservedEvent, type TimelineStep } from './timeline';

const OWN_TYPES: readonly ReferralEvent['type'][] = [
  'ReferralSubmitted',
  'ReferralAccepted',
  'ReferralDeclined',
  'ReferralAmended',
  'ReferralOverdue',
  'ReferralEscalated',
];

/** The later steps' events that move a case; ReferralStatusMessageController subscribes to each. */
export const REFERRAL_STATUS_HEARD = LATER_STAGE_EVENTS.map(([event]) => event);

async function record(
  manager: EntityManager,
  caseId: string,
  eventId: string,
  eventType: string,
  at: string,
  step: TimelineStep,
): Promise<void> {
  const schema = projectionSchema(manager);
  // One statement: the step is added, and the case takes it if it is later (by when it happened,
  // then by arrival) than the step its status came from. The inline and the runner's (or Kafka's)
  // transactions may record two steps of one case at once, and neither sees the other's timeline
  // row; but an UPDATE that waited for the row's lock checks its WHERE again on the row as the
  // other left it, so the later step wins in either order. A step already recorded (a replay)
  // inserts nothing and so changes nothing.
  await manager.query(
    `WITH step AS (
       INSERT INTO "${schema}".referral_timeline (event_id, case_id, at, status, event_type, detail, referrer_detail)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING at, seq, status)
     UPDATE "${schema}".referral_cases c
        SET status = step.status, updated_at = greatest(c.updated_at, step.at),
            latest_at = step.at, latest_seq = step.seq
       FROM step
      WHERE c.case_id = $2 AND (c.latest_at IS NULL OR (c.latest_at, c.latest_seq) < (step.at, step.seq))`,
    [
      eventId,
      caseId,
      at,
      step.status,
      eventType,
      JSON.stringify(step.detail),
      JSON.stringify(step.referrerDetail),
    ],
  );
}

const heardEvents = {
  events: REFERRAL_STATUS_HEARD,
  oneStatement: true,
  /** A later step's event about a case, as the message controller receives it from Kafka. */
  async apply(heard: HeardEvent, manager: EntityManager): Promise<void> {
    const event = { type: heard.name, data: heard.data } as ObservedEvent;
    await record(manager, event.data.caseId, heard.id, event.type, heard.time, observedStep(event));
  },
};

/**
 * The referral status read model: intake's own streams, and the later steps' events heard on
 * Kafka. Every write is keyed by event id, so replays change nothing.
 */
export const referralStatusProjection: Projection = {
  name: 'intake.referral-status.v1',
  streamPrefix: REFERRAL_STREAM_PREFIX,
  types: OWN_TYPES,
  tables: [
    {
      name: 'referral_cases',
      notDerived: { latest_seq: 'the latest step’s seq (arrival order) in referral_timeline' },
    },
    {
      name: 'referral_timeline',
      notDerived: {
        seq: 'arrival order (bigserial): inline, runner and Kafka writes arrive in another order than the log',
      },
    },
  ],
  alsoWrittenBy:
    'the command handlers (inline, read-your-writes) and the Kafka consumer (the later steps’ events)',
  // A submission also makes the case row, an amendment also changes it: two statements.
  oneStatement: (recorded) => recorded.type !== 'ReferralSubmitted' && recorded.type !== 'ReferralAmended',
  async apply(recorded: RecordedEvent, manager: EntityManager): Promise<void> {
    if (!(OWN_TYPES as readonly string[]).includes(recorded.type)) return;
    const event = { type: recorded.type, data: recorded.data } as unknown as ReferralEvent;
    const schema = projectionSchema(manager);
    if (event.type === 'ReferralSubmitted') {
      const {
        caseId,
        referringAgency,
        receivingService,
        referrerReference,
        incident,
        submittedAt,
        deadline,
      } = event.data;
      // Steps heard before the case was known are in the timeline already: the row starts from the
      // latest of them, if any. A replica still on the code before deadlines may have made the row
      // without its deadline: filled in.
      await manager.query(
        `INSERT INTO "${schema}".referral_cases
           (case_id, referring_agency, receiving_service, referrer_reference, offence_category, status, submitted_at, updated_at, respond_by,
            latest_at, latest_seq)
         SELECT $1, $2, $3, $4, $5, coalesce(heard.status, 'received'), $6, greatest($6::timestamptz, heard.at), $7,
                heard.at, heard.seq
           FROM (VALUES (1)) one
           LEFT JOIN LATERAL (SELECT status, at, seq FROM "${schema}".referral_timeline WHERE case_id = $1
                               ORDER BY at DESC, seq DESC LIMIT 1) heard ON true
         ON CONFLICT (case_id) DO UPDATE SET respond_by = EXCLUDED.respond_by
           WHERE referral_cases.respond_by IS NULL AND EXCLUDED.respond_by IS NOT NULL`,
        [
          caseId,
          referringAgency,
          receivingService,
          referrerReference,
          incident.offenceCategory,
          submittedAt,
          deadline?.respondBy ?? null,
        ],
      );
    }
    // A reminder or an escalation is not a step of the case (its status stays), nor activity on it.
    if (event.type === 'ReferralOverdue' || event.type === 'ReferralEscalated') {
      const [column, at] =
        event.type === 'ReferralOverdue'
          ? ['overdue_at', event.data.overdueAt]
          : ['escalated_at', event.data.escalatedAt];
      await manager.query(`UPDATE "${schema}".referral_cases SET ${column} = $2 WHERE case_id = $1`, [
        event.data.caseId,
        at,
      ]);
      return;
    }
    if (event.type === 'ReferralAmended') {
      await manager.query(`UPDATE "${schema}".referral_cases SET offence_category = $2 WHERE case_id = $1`, [
        event.data.caseId,
        event.data.profile.offenceCategory,
      ]);
    }
    await record(
      manager,
      event.data.caseId,
      recorded.eventId,
      recorded.type,
      recorded.metadata.occurredAt,
      ownStep(event),
    );
  },
  heard: heardEvents,
};
