// The /proc readings behind the CPU-per-request figures of `pnpm bench start`.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { childrenRunning, cpuMsDuring, cpuMsOf } from '../scripts/process-cpu';

const IDLE_MARK = 'process-cpu-test-idle-child';
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill();
  child = undefined;
});

// A child that prints once it has started and then sleeps, named by an argument in its command line.
async function startIdleChild(): Promise<ChildProcess> {
  const started = spawn(
    process.execPath,
    ['-e', 'console.log("up"); setTimeout(() => {}, 60_000)', IDLE_MARK],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await once(started.stdout!, 'data');
  return started;
}

// Spins until this process has used `ms` of CPU by its own account, however busy the machine is.
function spinFor(ms: number): number {
  const start = process.cpuUsage();
  let used = 0;
  while (used < ms) {
    const delta = process.cpuUsage(start);
    used = (delta.user + delta.system) / 1000;
  }
  return used;
}

describe.runIf(process.platform === 'linux')('process CPU readings from /proc', () => {
  it('attribute a busy loop to this process and nothing to a sleeping child, which is found by its command line', async () => {
    child = await startIdleChild();
    expect(childrenRunning(process.pid, IDLE_MARK)).toEqual([child.pid]);
    expect(childrenRunning(process.pid, 'no-such-command-line')).toEqual([]);

    const { result: spun, cpuMs } = await cpuMsDuring(
      { self: () => [process.pid], idle: () => childrenRunning(process.pid, IDLE_MARK) },
      async () => spinFor(300),
    );
    // /proc counts in 10 ms ticks; other threads of this process may only add to it.
    expect(cpuMs.self).toBeGreaterThanOrEqual(spun - 20);
    expect(cpuMs.idle).toBeLessThan(50);
  });

  it('reads a process that is gone as unknown, and so its whole group', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await once(gone, 'exit');
    expect(cpuMsOf(gone.pid!)).toBeUndefined();
    expect(cpuMsOf(process.pid)).toBeGreaterThan(0);
    const { cpuMs } = await cpuMsDuring({ group: () => [process.pid, gone.pid!] }, async () => {});
    expect(cpuMs.group).toBeUndefined();
  });

  it('counts a process that appeared during the work from its start', async () => {
    const { cpuMs } = await cpuMsDuring(
      { children: () => childrenRunning(process.pid, IDLE_MARK) },
      async () => {
        child = await startIdleChild();
      },
    );
    // Starting Node.js takes CPU time of its own, all of it inside the measured work.
    expect(cpuMs.children).toBeGreaterThan(0);
    expect(cpuMs.children).toBeLessThanOrEqual(cpuMsOf(child!.pid!)!);
  });
});
