// Runs `pnpm start` (scripts/start.ts) as a child process, for tests of the whole system.
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** Starts the system with `env` and resolves once it printed that it is ready. */
export async function startSystem(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@travel-planner/source', '--import', 'tsx', 'scripts/start.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops everything')) {
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
  return child;
}

/** Sends `signal` and resolves with the exit code. */
export async function stopSystem(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill(signal);
  return exited;
}
