import { Type } from 'class-transformer';
import { Allow, IsIn, IsInt, IsISO8601, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nullable } from '@accord/contracts';
import type { AccessEntry } from '../access-log/access-log';
import { HISTORY_VIEWS, type HistoryView } from '../case/case-access';
import type { ErasureRecord } from '../erasure/erasure-records';
import type { HistoryEntry } from './case-history';
import type { HistoryResult } from './case-history.query';

/** One event of the case, with its whole audit trail and where it came from. */
export class HistoryEntryResponse implements HistoryEntry {
  @IsIn(['event']) readonly kind!: 'event';
  @JSONSchema({ description: 'Global position in the log (orders the whole history).' })
  @IsString()
  readonly position!: string;
  @JSONSchema({ example: 'consent' }) @IsString() readonly service!: string;
  @IsString() readonly streamId!: string;
  @IsInt() @Min(0) readonly streamVersion!: number;
  @IsUUID() readonly eventId!: string;
  @JSONSchema({ example: 'ConsentGiven' }) @IsString() readonly type!: string;
  @IsInt() @Min(1) readonly schemaVersion!: number;
  @JSONSchema({ description: 'When the store recorded it.' }) @IsISO8601() readonly recordedAt!: string;
  @Nullable({ description: 'When it happened in the world, as the command said.' })
  @IsISO8601()
  readonly occurredAt!: string | null;
  @Nullable({ description: 'Who decided it.' }) @IsString() readonly actor!: string | null;
  @Nullable({ description: 'Their agency.' }) @IsString() readonly agency!: string | null;
  @Nullable({ description: 'Whom they acted for.' }) @IsString() readonly onBehalfOf!: string | null;
  @Nullable({ description: 'The rule-set version that decided.' }) @IsString() readonly ruleVersion!:
    | string
    | null;
  @Nullable({ description: 'Why, as given.' }) @IsString() readonly reason!: string | null;
  @Nullable() @IsString() readonly correlationId!: string | null;
  @Nullable() @IsString() readonly causationId!: string | null;
  @Nullable({
    description: 'The OpenTelemetry trace the event was decided in (32 hex digits).',
    example: '4bf92f3577b34da6a3ce929d0e0e4736',
  })
  @IsString()
  readonly traceId!: string | null;
  @Nullable({ description: 'The event of this case that led to this one.' }) @IsUUID() readonly causedBy!:
    | string
    | null;
  @JSONSchema({ description: 'Events of this case this one led to.' })
  @IsUUID('all', { each: true })
  readonly causes!: readonly string[];

  @JSONSchema({
    type: 'object',
    additionalProperties: true,
    description:
      "The event's payload as its published schema defines it; personal fields withheld in the `withheld` view.",
  })
  @Allow()
  readonly data!: unknown;
}

/** An erasure of a person in this case (full view only). */
export class ErasureRecordResponse implements ErasureRecord {
  @IsIn(['erasure']) readonly kind!: 'erasure';
  @IsUUID() readonly personId!: string;
  @IsISO8601() readonly erasedAt!: string;
  @IsString() readonly erasedBy!: string;
  @IsString() readonly agency!: string;
  @IsString() readonly reason!: string;
  @Nullable() @IsString() readonly correlationId!: string | null;
}

/** Reads of this case's personal data (full view only). */
export class AccessEntryResponse implements AccessEntry {
  @IsIn(['access']) readonly kind!: 'access';
  @JSONSchema({ description: 'The service that served the read.' }) @IsString() readonly service!: string;
  @IsUUID() readonly caseId!: string;
  @JSONSchema({ description: 'The first read this entry counts.' }) @IsISO8601() readonly at!: string;
  @JSONSchema({ description: 'The last read this entry counts (`at` when `reads` is 1).' })
  @IsISO8601()
  readonly lastAt!: string;
  @JSONSchema({
    description:
      "How many reads: a service counts one actor's repeated reads through one endpoint within its window into one entry; no read is in two entries.",
    example: 1,
  })
  @IsInt()
  @Min(1)
  readonly reads!: number;
  @IsString() readonly actor!: string;
  @IsString() readonly agency!: string;
  @IsString({ each: true }) readonly roles!: readonly string[];
  @JSONSchema({ example: 'GET /api/cases/:caseId/history' }) @IsString() readonly endpoint!: string;
  @Nullable() @IsString() readonly correlationId!: string | null;
}

/** Which page of a case's history this is, and how the caller may see it. */
export class HistoryPageResponse {
  @IsUUID() readonly caseId!: string;

  @JSONSchema({
    description: '`full`: personal data included (and this read logged); `withheld`: without it.',
  })
  @IsIn(HISTORY_VIEWS)
  readonly view!: HistoryView;

  @JSONSchema({ description: 'Events matching the filter.' }) @IsInt() @Min(0) readonly total!: number;
  @IsInt() @Min(1) readonly page!: number;
  @IsInt() @Min(1) readonly pageSize!: number;
  @IsInt() @Min(0) readonly pages!: number;
}

/** A page of a case's history, as one caller may see it. */
export class HistoryResponse extends HistoryPageResponse implements HistoryResult {
  @ValidateNested({ each: true }) @Type(() => HistoryEntryResponse) readonly entries!: HistoryEntryResponse[];
  @ValidateNested({ each: true })
  @Type(() => ErasureRecordResponse)
  readonly erasures!: ErasureRecordResponse[];
  @ValidateNested({ each: true }) @Type(() => AccessEntryResponse) readonly accessLog!: AccessEntryResponse[];
}

/** `format=ndjson`: the first line, the page's summary. */
export class HistorySummaryLineResponse extends HistoryPageResponse {
  @IsIn(['summary']) readonly kind!: 'summary';
}
