// Runs `pnpm start` (scripts/start.ts) as a child process, for tests and benchmarks of the whole system.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BANNER_END = 'Ctrl-C stops everything';

/** The default command: scripts/start.ts under this Node.js, from the sources. */
export const START_SCRIPT: readonly string[] = [
  process.execPath,
  '--conditions=@travel-planner/source',
  '--import',
  'tsx',
  'scripts/start.ts',
];

/** How {@link startSystem} runs the system. */
export interface StartSystemOptions {
  /** The command line (default {@link START_SCRIPT}), e.g. `['pnpm', 'start']`. */
  command?: readonly string[];
  /** Where it runs (default: this repository). */
  cwd?: string;
  /** In a process group of its own, so that a Ctrl-C can be sent to the whole group (default false). */
  detached?: boolean;
  /** How long it may take to print its banner (default 90 s). */
  readyTimeoutMs?: number;
}

/** A running system and what it printed until it was ready. */
export interface StartedSystem {
  child: ChildProcess;
  /** Its output up to and including the ready banner. */
  banner: string;
}

/** Starts the system with `env` and resolves once it printed that it is ready. */
export async function startSystem(
  env: NodeJS.ProcessEnv,
  { command = START_SCRIPT, cwd = ROOT, detached = false, readyTimeoutMs = 90_000 }: StartSystemOptions = {},
): Promise<StartedSystem> {
  const child = spawn(command[0]!, command.slice(1), {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready in time:\n${output}`)), readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(BANNER_END)) {
        clearTimeout(timer);
        // From now on its log lines are read and dropped (a full pipe would stall it), not kept.
        for (const stream of [child.stdout!, child.stderr!]) stream.off('data', onData).resume();
        ready();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
  return { child, banner: output };
}

/** Sends `signal` and resolves with the exit code. */
export async function stopSystem(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill(signal);
  return exited;
}
