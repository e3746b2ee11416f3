/** A table row as PostgreSQL's `to_jsonb` gives it: column name → JSON value. */
export type Row = Readonly<Record<string, unknown>>;

export interface ColumnChange {
  readonly column: string;
  readonly live: unknown;
  readonly rebuilt: unknown;
}

export interface TableDiff {
  readonly table: string;
  /** Rows the log implies that the live table lacks. */
  readonly missing: readonly Row[];
  /** Live rows the log does not imply. */
  readonly extra: readonly Row[];
  /** Rows on both sides (same key) whose other columns differ. */
  readonly changed: ReadonlyArray<{ readonly key: Row; readonly columns: readonly ColumnChange[] }>;
}

/** JSON values compared by content: object key order does not matter, array order does. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const otherKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return keys.length === otherKeys.length && keys.every((key) => sameValue(left[key], right[key]));
}

function keyOf(row: Row, key: readonly string[]): Row {
  return Object.fromEntries(key.map((column) => [column, row[column] ?? null]));
}

function index(rows: readonly Row[], key: readonly string[], side: string, table: string): Map<string, Row> {
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const id = JSON.stringify(key.map((column) => row[column] ?? null));
    if (byKey.has(id)) throw new Error(`${side} ${table} has two rows with key ${id}`);
    byKey.set(id, row);
  }
  return byKey;
}

/**
 * Row-by-row difference between a live table and its rebuild, matched on `key` (the primary key).
 * `ignored` columns (not derived from events) are left out; so is anything equal on both sides.
 */
export function diffRows(
  table: string,
  key: readonly string[],
  live: readonly Row[],
  rebuilt: readonly Row[],
  ignored: readonly string[] = [],
): TableDiff {
  if (key.length === 0) throw new Error(`${table} has no key to match rows on`);
  const liveByKey = index(live, key, 'live', table);
  const rebuiltByKey = index(rebuilt, key, 'rebuilt', table);
  const skip = new Set([...ignored, ...key]);
  const missing: Row[] = [];
  const extra: Row[] = [];
  const changed: Array<{ key: Row; columns: ColumnChange[] }> = [];
  const ids = [...new Set([...liveByKey.keys(), ...rebuiltByKey.keys()])].sort();
  for (const id of ids) {
    const liveRow = liveByKey.get(id);
    const rebuiltRow = rebuiltByKey.get(id);
    if (!liveRow && rebuiltRow) missing.push(rebuiltRow);
    else if (liveRow && !rebuiltRow) extra.push(liveRow);
    else if (liveRow && rebuiltRow) {
      const columns = [...new Set([...Object.keys(liveRow), ...Object.keys(rebuiltRow)])]
        .filter((column) => !skip.has(column))
        .sort()
        .filter((column) => !sameValue(liveRow[column], rebuiltRow[column]))
        .map((column) => ({ column, live: liveRow[column], rebuilt: rebuiltRow[column] }));
      if (columns.length > 0) changed.push({ key: keyOf(liveRow, key), columns });
    }
  }
  return { table, missing, extra, changed };
}

export const differenceCount = (diff: TableDiff): number =>
  diff.missing.length + diff.extra.length + diff.changed.length;

const MAX_VALUE_LENGTH = 160;

/** A value as one short line of JSON. */
export function showValue(value: unknown): string {
  const text = value === undefined ? '(no such column)' : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

const showKey = (key: Row): string =>
  Object.entries(key)
    .map(([column, value]) => `${column}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');

/** What an operator reads: one line per differing row (at most `limit` of each kind), indented. */
export function formatTableDiff(diff: TableDiff, key: readonly string[], limit: number): string[] {
  const lines: string[] = [];
  const some = <T>(items: readonly T[], show: (item: T) => string[], label: string) => {
    items.slice(0, limit).forEach((item) => lines.push(...show(item)));
    if (items.length > limit) lines.push(`    … and ${items.length - limit} more ${label}`);
  };
  some(
    diff.missing,
    (row) => [`    missing from live: ${showKey(keyOf(row, key))} ${showValue(row)}`],
    'missing',
  );
  some(diff.extra, (row) => [`    extra in live: ${showKey(keyOf(row, key))} ${showValue(row)}`], 'extra');
  some(
    diff.changed,
    ({ key: rowKey, columns }) => [
      `    changed: ${showKey(rowKey)}`,
      ...columns.map(
        ({ column, live, rebuilt }) =>
          `      ${column}: live ${showValue(live)}, rebuilt ${showValue(rebuilt)}`,
      ),
    ],
    'changed',
  );
  return lines;
}
