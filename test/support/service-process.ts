// A service of the stack as a child process, started from its TypeScript sources, so that signals,
// exit codes and crashes are real. Its stdout and stderr are kept for crash and secret checks.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MEMORY_PROBE_FLAGS, type MemoryFigures, probeMemory } from './memory';

/** The repository root, where the services' sources live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a child process ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** `Date.now()` when it ended. */
  at: number;
}

/** A running service process. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process ends. */
  readonly exited: Promise<ServiceExit>;
  /** Whether it is still running. */
  running(): boolean;
  /** Sends a signal; returns `Date.now()` at the moment it was sent. */
  signal(signal: NodeJS.Signals): number;
  /** Resident set size in bytes, read from /proc. */
  rssBytes(): number;
  /** Memory after a full garbage collection; only for processes started with `memoryProbe`. */
  memory(): Promise<MemoryFigures>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves when it is gone. */
  stop(graceMs?: number): Promise<ServiceExit>;
}

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kilobytes) * 1024;
}

/** Options of {@link spawnService}. */
export interface SpawnOptions {
  /** Load the memory probe, so that {@link ServiceProcess.memory} answers. */
  memoryProbe?: boolean;
}

/**
 * Starts `node --conditions=@travel-planner/source --import tsx <script> ...args` from the repository
 * root with only PATH and `env` in its environment, so nothing from the test runner leaks in.
 */
export function spawnService(
  name: string,
  script: string,
  args: readonly string[],
  env: Record<string, string>,
  options: SpawnOptions = {},
): ServiceProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--conditions=@travel-planner/source',
      '--import',
      'tsx',
      ...(options.memoryProbe ? MEMORY_PROBE_FLAGS : []),
      script,
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe', ...(options.memoryProbe ? (['ipc'] as const) : [])],
    },
  );
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const pid = child.pid;
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  let ended: ServiceExit | undefined;
  const exited = new Promise<ServiceExit>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal, at: Date.now() };
      resolve(ended);
    });
  });

  return {
    name,
    pid,
    exited,
    output: () => chunks.join(''),
    running: () => ended === undefined,
    signal(signal) {
      const at = Date.now();
      child.kill(signal);
      return at;
    },
    rssBytes: () => residentBytes(pid),
    memory() {
      if (!options.memoryProbe)
        return Promise.reject(new Error(`${name} was started without the memory probe`));
      return probeMemory(child);
    },
    async stop(graceMs = 15_000) {
      if (ended) return ended;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The `time` of the first JSON log line (pino) of `service` whose `msg` is `message`. */
export function loggedAt(service: ServiceProcess, message: string): number | undefined {
  for (const line of service.output().split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; time?: unknown };
      if (entry.msg === message && typeof entry.time === 'number') return entry.time;
    } catch {
      // A line cut in the middle of a write; the next ones still count.
    }
  }
  return undefined;
}
