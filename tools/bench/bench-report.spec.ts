import { formatTable, percentile } from './bench-report';

describe('percentile', () => {
  it('takes the nearest rank of the sorted values', () => {
    const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 10)).toBe(10);
    expect(percentile(values, 0)).toBe(10);
  });

  it('is NaN without values rather than a made-up number', () => {
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('formatTable', () => {
  it('right-aligns every column to its widest cell', () => {
    expect(
      formatTable(
        ['what', 'n'],
        [
          ['a', '1000'],
          ['longer', '2'],
        ],
      ),
    ).toBe(['  what     n', '     a  1000', 'longer     2'].join('\n'));
  });
});
