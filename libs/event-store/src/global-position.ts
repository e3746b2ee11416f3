/**
 * A position in the global log, safe to use as a resume cursor.
 *
 * It is a pair (major, minor) rendered as a fixed-width string `MMMMMMMMMMMMMMMMMMMM-mmmmmmmmmmmmmmmmmmmm`,
 * so it survives JSON, Kafka headers and text columns, and plain string comparison orders it.
 * PostgreSQL: major = the writing transaction's id (xid8), minor = the event's sequence number —
 * a sequence number alone is not a safe cursor, because a transaction can take a lower number and
 * commit after a higher one (see docs/adr/0002). KurrentDB: major = commit, minor = prepare position.
 */
declare const globalPositionBrand: unique symbol;
export type GlobalPosition = string & { readonly [globalPositionBrand]: true };

const WIDTH = 20;
const MAX_U64 = 18_446_744_073_709_551_615n;
const FORMAT = /^(\d{20})-(\d{20})$/;

function part(value: bigint | number | string, name: string): string {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  if (big < 0n || big > MAX_U64)
    throw new RangeError(`global position ${name} must be an unsigned 64-bit integer, got ${String(value)}`);
  return big.toString().padStart(WIDTH, '0');
}

export function globalPositionOf(
  major: bigint | number | string,
  minor: bigint | number | string,
): GlobalPosition {
  return `${part(major, 'major')}-${part(minor, 'minor')}` as GlobalPosition;
}

/** Before every event: read or subscribe from here to get the whole log. */
export const GLOBAL_START: GlobalPosition = globalPositionOf(0n, 0n);

export function isGlobalPosition(value: unknown): value is GlobalPosition {
  return typeof value === 'string' && FORMAT.test(value);
}

export function assertGlobalPosition(value: unknown, what = 'position'): GlobalPosition {
  if (!isGlobalPosition(value)) {
    throw new TypeError(
      `${what} must be a GlobalPosition ("<20 digits>-<20 digits>", e.g. from an event's globalPosition), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function parseGlobalPosition(position: GlobalPosition | string): {
  readonly major: bigint;
  readonly minor: bigint;
} {
  const match = FORMAT.exec(position);
  if (!match?.[1] || !match[2]) throw new TypeError(`not a GlobalPosition: ${JSON.stringify(position)}`);
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareGlobalPositions(a: GlobalPosition, b: GlobalPosition): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hot path for adapters: both parts arrive from the database as decimal strings. */
export function globalPositionFromDecimals(major: string, minor: string): GlobalPosition {
  return `${major.padStart(WIDTH, '0')}-${minor.padStart(WIDTH, '0')}` as GlobalPosition;
}

/** The minor part alone, cheaply (hot path of sealing and verification). */
export function globalPositionMinor(position: GlobalPosition): bigint {
  return BigInt(position.slice(WIDTH + 1));
}
