// A redis-server of the caller's own on a spare port, without persistence (tests and benchmarks).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './local-postgres';

/** A redis-server started by {@link startLocalRedis}. */
export interface LocalRedis {
  url: string;
  /** SIGKILL: connections drop at once, every key is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `redis-server` (from PATH) on a spare local port and waits until it accepts connections. */
export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start() {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let log = '';
    for await (const chunk of child.stdout!) {
      log += String(chunk);
      if (log.includes('Ready to accept connections')) break;
    }
    child.stdout!.resume();
  }

  async function kill() {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}
