// Redis for tests and benchmarks: a shared server (TEST_REDIS_URL, else 127.0.0.1:6379 if it answers, else one
// that global-setup.ts starts) used under a key prefix of each test's own, and throwaway
// redis-servers on spare ports for tests that kill, restart or flush one. The shared server is
// never flushed or stopped.

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createClient } from 'redis';
import { inject } from 'vitest';
import { freePort } from '../../scripts/local-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** The shared Redis that tests use under their own key prefixes. */
export const testRedisUrl = (): string => inject('redisUrl');

/** A shared Redis for the test run: TEST_REDIS_URL, the local one if it answers, or a server of the run's own. */
export async function findRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const candidate = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (process.env.TEST_REDIS_URL || (await redisAnswers(candidate)))
    return { url: candidate, stop: async () => {} };
  const own = await startOwnRedis();
  return { url: own.url, stop: own.stop };
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN, never FLUSH). */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = await createClient({ url }).connect();
  try {
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (batch.length > 0) await client.del(batch);
    }
  } finally {
    client.destroy();
  }
}

/** Runs `fn` with a short-lived client. */
export async function withRedis<T>(url: string, fn: (client: ReturnType<typeof createClient>) => Promise<T>) {
  const client = await createClient({ url }).connect();
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/** A redis-server of a test's own, without persistence. */
export interface OwnRedis extends LocalRedis {
  /** FLUSHALL. */
  flush(): Promise<void>;
}

/** Starts a redis-server on a spare port. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const redis = await startLocalRedis();
  return { ...redis, flush: () => withRedis(redis.url, async (client) => void (await client.flushAll())) };
}

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
