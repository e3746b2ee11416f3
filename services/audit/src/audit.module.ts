import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { EVENT_AUDIT, EVENT_STORE, type EventAudit, type EventStore } from '@accord/event-store';
import { Metrics, PG_POOL } from '@accord/platform';
import { AccessLog } from './access-log/access-log';
import { CaseReader } from './case/case-reader';
import { CaseHistoryHttpController } from './case-history/case-history.http.controller';
import { CaseHistoryQuery } from './case-history/case-history.query';
import { CaseStateHttpController } from './case-state/case-state.http.controller';
import { CaseStateQuery } from './case-state/case-state.query';
import { CheckpointsHttpController } from './checkpoints/checkpoints.http.controller';
import { ErasePersonHttpController } from './erasure/erase-person.http.controller';
import { ErasureRecords } from './erasure/erasure-records';
import { VerifyHttpController } from './verify/verify.http.controller';
import { VerifyMetrics } from './verify/verify.metrics';

/**
 * The audit service's slices. Its parts are plain classes (the CLI builds the same ones without
 * Nest), so they are provided by factories here.
 */
@Module({
  controllers: [
    CaseHistoryHttpController,
    CaseStateHttpController,
    VerifyHttpController,
    CheckpointsHttpController,
    ErasePersonHttpController,
  ],
  providers: [
    {
      provide: VerifyMetrics,
      useFactory: (metrics: Metrics) => new VerifyMetrics(metrics),
      inject: [Metrics],
    },
    {
      provide: CaseReader,
      useFactory: (store: EventStore, audit: EventAudit) => new CaseReader(store, audit),
      inject: [EVENT_STORE, EVENT_AUDIT],
    },
    {
      provide: AccessLog,
      useFactory: (pool: Pool, store: EventStore) => new AccessLog(pool, store),
      inject: [PG_POOL, EVENT_STORE],
    },
    {
      provide: ErasureRecords,
      useFactory: (pool: Pool, audit: EventAudit) => new ErasureRecords(pool, audit),
      inject: [PG_POOL, EVENT_AUDIT],
    },
    {
      provide: CaseHistoryQuery,
      useFactory: (reader: CaseReader, log: AccessLog, erasures: ErasureRecords) =>
        new CaseHistoryQuery(reader, log, erasures),
      inject: [CaseReader, AccessLog, ErasureRecords],
    },
    {
      provide: CaseStateQuery,
      useFactory: (reader: CaseReader, log: AccessLog) => new CaseStateQuery(reader, log),
      inject: [CaseReader, AccessLog],
    },
  ],
})
export class AuditModule {}
