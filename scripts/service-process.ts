// plan-service in a process of its own for `pnpm start`, as Compose runs it: the gateway and the
// service each get an event loop (and a core) instead of sharing one.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';

const SERVICE_BIN = fileURLToPath(new URL('../packages/plan-service/src/bin.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
const STOP_TIMEOUT_MS = 15_000;

/** Thrown when the service process ends before it serves; the message is its own failure line's. */
export class ServiceProcessError extends Error {
  override name = 'ServiceProcessError';
}

/** A running plan-service process. */
export interface ServiceProcess {
  readonly pid: number;
  /** Ends the process gracefully (SIGTERM: in-flight calls finish) and waits for it to exit. */
  stop(): Promise<void>;
}

// The bin's startup failure is its last stderr line, JSON whose cause is the sanitized error chain
// ([{ name, message }, …]): the first message says what went wrong.
function failureOf(stderr: string, code: number | null): string {
  const last = stderr.trim().split('\n').at(-1) ?? '';
  try {
    const line = JSON.parse(last) as { cause?: Array<{ message?: string }> };
    const message = Array.isArray(line.cause) ? line.cause[0]?.message : undefined;
    if (message) return `plan-service: ${message}`;
  } catch {
    // Not the bin's JSON line: fall through to the exit code.
  }
  return `plan-service exited with code ${code} before serving`;
}

/**
 * Starts the plan-service command (with this process's Node.js flags, so the sources load the same
 * way) on `address`, and resolves once it answers health checks with SERVING. Its log lines go to
 * this process's stdout; its stderr is held until it serves, so a startup failure becomes one line.
 * It runs in a process group of its own, so that Ctrl-C reaches it only through {@link
 * ServiceProcess.stop}, once the gateway stopped taking requests; it also stops by itself when this
 * process dies (its IPC channel closes).
 */
export async function startServiceProcess(env: NodeJS.ProcessEnv, address: string): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, SERVICE_BIN], {
    env: { ...env, PLAN_SERVICE_ADDR: address },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    detached: true,
  });
  let stderr = '';
  const holdStderr = (chunk: Buffer) => {
    stderr += chunk.toString();
  };
  child.stderr!.on('data', holdStderr);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const client = createPlanServiceClient({ address, defaultTimeoutMs: 1000 });
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const serving = client.checkHealth('').then(
        (state) => state === 'SERVING',
        () => false,
      );
      const outcome = await Promise.race([serving, exited.then(() => 'exited' as const)]);
      if (outcome === 'exited') throw new ServiceProcessError(failureOf(stderr, await exited));
      if (outcome) break;
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new ServiceProcessError(`plan-service did not serve within ${READY_TIMEOUT_MS / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, READY_POLL_MS));
    }
  } finally {
    client.close();
  }
  child.stderr!.off('data', holdStderr);
  process.stderr.write(stderr);
  child.stderr!.pipe(process.stderr);

  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}
