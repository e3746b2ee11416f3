import { readFileSync } from 'node:fs';
import { cpuSecondsOfProcesses, formatTable, parseStat, percentile } from './bench-report';

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

describe('parseStat', () => {
  it('reads the name, the own and the reaped children\'s CPU, even when the name holds ") "', () => {
    const stat = `4242 (node (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 130 40 10 20 0 11 0 5000 1000000 40000`;
    expect(parseStat(stat)).toEqual({
      pid: 4242,
      name: 'node (x) y',
      cpuSeconds: 3.8,
      childrenCpuSeconds: 0.5,
    });
  });
});

describe('cpuSecondsOfProcesses', () => {
  it('counts the CPU of processes by name, this one included, and nothing for a name no process has', () => {
    const name = parseStat(readFileSync('/proc/self/stat', 'utf8')).name;
    const start = performance.now();
    while (performance.now() - start < 60); // busy long enough to tick
    expect(cpuSecondsOfProcesses(name)).toBeGreaterThan(0);
    expect(cpuSecondsOfProcesses('no-such-process-name')).toBe(0);
  });
});
