import { assertNever } from '@accord/contracts';
import type { AccessEntry } from '../access-log/access-log';
import type { ErasureRecord } from '../erasure/erasure-records';
import type { HistoryEntry } from './case-history';

export const HISTORY_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

export type HistoryLine = HistoryEntry | ErasureRecord | AccessEntry;

export const CSV_COLUMNS = [
  'kind',
  'position',
  'service',
  'streamId',
  'streamVersion',
  'eventId',
  'type',
  'schemaVersion',
  'recordedAt',
  'occurredAt',
  'actor',
  'agency',
  'onBehalfOf',
  'ruleVersion',
  'reason',
  'correlationId',
  'causationId',
  'traceId',
  'causedBy',
  'data',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvRow = Partial<Record<CsvColumn, string | number | null>>;

function rowOf(line: HistoryLine): CsvRow {
  switch (line.kind) {
    case 'event': {
      const { causes: _causes, data, ...rest } = line;
      return { ...rest, data: JSON.stringify(data) };
    }
    case 'erasure':
      return {
        kind: 'erasure',
        type: 'PersonErased',
        recordedAt: line.erasedAt,
        actor: line.erasedBy,
        agency: line.agency,
        reason: line.reason,
        correlationId: line.correlationId,
        data: JSON.stringify({ personId: line.personId }),
      };
    case 'access':
      return {
        kind: 'access',
        service: line.service,
        type: 'CaseRead',
        recordedAt: line.at,
        actor: line.actor,
        agency: line.agency,
        correlationId: line.correlationId,
        data: JSON.stringify({
          endpoint: line.endpoint,
          roles: line.roles,
          reads: line.reads,
          lastAt: line.lastAt,
        }),
      };
    default:
      return assertNever(line, 'history line');
  }
}

/**
 * RFC 4180 quoting. A cell that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe: an export of free text must not execute when an inspector opens it.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(lines: readonly HistoryLine[]): string {
  const rows = lines.map(rowOf).map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** One JSON document per line: a summary first, then the lines. */
export function toNdjson(summary: object, lines: readonly HistoryLine[]): string {
  return [{ kind: 'summary', ...summary }, ...lines].map((line) => JSON.stringify(line)).join('\n') + '\n';
}
