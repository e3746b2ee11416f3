import {
  globalPositionMinor,
  GLOBAL_START,
  assertGlobalPosition,
  compareGlobalPositions,
  globalPositionFromDecimals,
  globalPositionOf,
  isGlobalPosition,
  parseGlobalPosition,
} from './global-position';

describe('GlobalPosition', () => {
  it('renders (major, minor) at fixed width so string order is position order', () => {
    const positions = [
      globalPositionOf(1000n, 1n),
      globalPositionOf(999n, 5000n),
      globalPositionOf(999n, 10n),
      globalPositionOf(0n, 1n),
    ];
    expect([...positions].sort()).toEqual([
      globalPositionOf(0n, 1n),
      globalPositionOf(999n, 10n),
      globalPositionOf(999n, 5000n),
      globalPositionOf(1000n, 1n),
    ]);
    expect([...positions].sort(compareGlobalPositions)).toEqual([...positions].sort());
    expect(globalPositionOf(999n, 10n)).toBe('00000000000000000999-00000000000000000010');
  });

  it('round-trips through parse, and the hot-path constructor agrees', () => {
    const position = globalPositionOf(18_446_744_073_709_551_615n, 42);
    expect(parseGlobalPosition(position)).toEqual({ major: 18_446_744_073_709_551_615n, minor: 42n });
    expect(globalPositionFromDecimals('999', '10')).toBe(globalPositionOf(999, 10));
    expect(parseGlobalPosition(GLOBAL_START)).toEqual({ major: 0n, minor: 0n });
  });

  it('refuses what is not a position', () => {
    expect(isGlobalPosition('12-34')).toBe(false);
    expect(isGlobalPosition(42)).toBe(false);
    expect(() => assertGlobalPosition('nope', 'after')).toThrow('after must be a GlobalPosition');
    expect(() => globalPositionOf(-1n, 0n)).toThrow(RangeError);
    expect(() => globalPositionOf(18_446_744_073_709_551_616n, 0n)).toThrow(RangeError);
  });

  it('reads the minor part alone, as parseGlobalPosition does', () => {
    const position = globalPositionOf(123n, 18_446_744_073_709_551_615n);
    expect(globalPositionMinor(position)).toBe(parseGlobalPosition(position).minor);
    expect(globalPositionMinor(globalPositionOf(7n, 42n))).toBe(42n);
  });
});
