// CPU time of processes on this machine, read from /proc (Linux), for benchmarks that report what
// each tier spends per request. Elsewhere every reading is `undefined` and the figures are omitted.
import { readFileSync } from 'node:fs';

// /proc reports times in USER_HZ ticks, which Linux fixes at 100 per second for user space.
const TICKS_PER_SECOND = 100;

/** CPU milliseconds (user + system) the process has used so far; `undefined` when /proc does not show it. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may itself hold spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** The pids of `pid`'s child processes whose command line contains `text`. */
export function childrenRunning(pid: number, text: string): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children
      .filter((child) => child !== '')
      .map(Number)
      .filter((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(text));
  } catch {
    return [];
  }
}

/** Processes measured together: a name for each group and how to list its pids. */
export type ProcessGroups<K extends string> = Record<K, () => Promise<number[]> | number[]>;

async function readingsOf(
  pids: () => Promise<number[]> | number[],
): Promise<Map<number, number | undefined>> {
  const readings = new Map<number, number | undefined>();
  for (const pid of await pids()) readings.set(pid, cpuMsOf(pid));
  return readings;
}

/**
 * Runs `work` and returns its result with the CPU milliseconds each group of processes used meanwhile. The pids are
 * listed before and after, so a process that appeared during the work (a new pooled connection's
 * backend) counts from its start. A group whose times could not all be read is `undefined`.
 */
export async function cpuMsDuring<K extends string, T>(
  groups: ProcessGroups<K>,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: Record<K, number | undefined> }> {
  const names = Object.keys(groups) as K[];
  const before = new Map<K, Map<number, number | undefined>>();
  for (const name of names) before.set(name, await readingsOf(groups[name]));
  const result = await work();
  const used = {} as Record<K, number | undefined>;
  for (const name of names) {
    const then = before.get(name)!;
    let total: number | undefined = 0;
    for (const [pid, now] of await readingsOf(groups[name])) {
      const start = then.has(pid) ? then.get(pid) : 0;
      total =
        total === undefined || now === undefined || start === undefined ? undefined : total + now - start;
    }
    used[name] = total;
  }
  return { result, cpuMs: used };
}
