// What every benchmark here shares: percentiles of latencies, a process's CPU and memory from
// /proc, and the plain-text table the benchmarks print.
import { readFileSync } from 'node:fs';

/** The value at percentile `p` (0–100) of `values` (nearest rank); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Columns right-aligned to their widest cell, two spaces apart, a header line first. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    widths.map((width, i) => (cells[i] ?? '').padStart(width)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export interface ProcessSample {
  readonly rssMiB: number;
  readonly peakMiB: number;
  readonly cpuSeconds: number;
}

const TICKS = 100; // USER_HZ on Linux

/** Resident memory now and at its peak (VmHWM), and CPU seconds used so far, of process `pid`. */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): user and system ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    rssMiB: kib('VmRSS') / 1024,
    peakMiB: kib('VmHWM') / 1024,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
  };
}
