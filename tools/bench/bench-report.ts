// What every benchmark here shares: percentiles of latencies, a process's CPU and memory from
// /proc, and the plain-text table the benchmarks print.
import { readdirSync, readFileSync } from 'node:fs';

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
  return {
    rssMiB: kib('VmRSS') / 1024,
    peakMiB: kib('VmHWM') / 1024,
    cpuSeconds: parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuSeconds,
  };
}

/** One process as /proc/<pid>/stat tells it: its name and CPU seconds, its own and its reaped children's. */
export interface ProcessCpu {
  readonly pid: number;
  readonly name: string;
  readonly cpuSeconds: number;
  readonly childrenCpuSeconds: number;
}

/** Parses one /proc/<pid>/stat line (the name may hold spaces and parentheses). */
export function parseStat(stat: string): ProcessCpu {
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  // After the name: state (field 3) first, so utime, stime, cutime, cstime (14–17) are 11–14 here.
  const fields = stat.slice(close + 2).split(' ');
  return {
    pid: Number(stat.slice(0, open).trim()),
    name: stat.slice(open + 1, close),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
    childrenCpuSeconds: (Number(fields[13]) + Number(fields[14])) / TICKS,
  };
}

/**
 * CPU seconds so far of every process named `name` (as /proc/<pid>/comm has it, e.g. `postgres`),
 * with what their exited children used (a PostgreSQL backend that ended is counted in the
 * postmaster's): the difference of two samples is what they used between them.
 */
export function cpuSecondsOfProcesses(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    const cpu = parseStat(stat);
    if (cpu.name === name) total += cpu.cpuSeconds + cpu.childrenCpuSeconds;
  }
  return total;
}

/** CPU seconds the whole machine spent busy so far (every core, kernel included), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS;
}
