// Redis killed, restarted, flushed or hung while 64 workers read and write: every request still
// succeeds from PostgreSQL, none returns stale data, and the cache resumes by itself. These tests
// run a redis-server (or a proxy) of their own; the machine's Redis is never touched.
import type { PlanStore } from '@travel-planner/plan-store';
import { CACHE_DEFAULTS, createPlanStore } from '@travel-planner/plan-store';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  type OwnRedis,
  startFreezableProxy,
  startOwnRedis,
  uniquePrefix,
  withRedis,
} from '../../../test/support';
import { runCacheWorkload } from './cache-workload';
import { cacheReady, planInput } from './helpers';

const WORKLOAD = { workers: 64, durationMs: 3500, hotWallets: 4, writeShare: 0.25 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const fillDelay = () => sleep(Math.random() * 20);

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

// Generous by default so that a loaded machine does not keep the breaker open; the hung-Redis test
// uses the real default (50 ms), which is what it measures.
async function storesOn(redisUrl: string, count: number, timeoutMs = 1000): Promise<PlanStore[]> {
  const db = await createTestDatabase();
  const keyPrefix = uniquePrefix();
  const stores = Array.from({ length: count }, () =>
    createPlanStore({
      databaseUrl: db.url,
      logger: { warn() {} },
      pool: { size: 0, maxOverflow: 10 },
      cache: { url: redisUrl, keyPrefix, beforeFill: fillDelay, timeoutMs, breaker: { openMs: 300 } },
    }),
  );
  cleanup.push(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await db.drop();
  });
  await Promise.all(stores.map(cacheReady));
  return stores;
}

async function ownRedis(): Promise<OwnRedis> {
  const redis = await startOwnRedis();
  cleanup.push(() => redis.stop());
  return redis;
}

const hits = (stores: PlanStore[]) => stores.reduce((sum, store) => sum + store.cache!.stats().hits, 0);

/** Resolves once every store answers reads from Redis again. */
async function servesAgain(stores: PlanStore[]): Promise<void> {
  await Promise.all(stores.map(cacheReady));
  const plan = await stores[0]!.plans.create(planInput());
  for (const store of stores) {
    const before = store.cache!.stats().hits;
    await expect
      .poll(async () => {
        await store.plans.get(plan.id);
        return store.cache!.stats().hits;
      })
      .toBeGreaterThan(before);
  }
}

describe('cache outages', () => {
  it('Redis killed and restarted mid-run: 0 failed requests, 0 stale reads, caching resumes', async () => {
    const redis = await ownRedis();
    const stores = await storesOn(redis.url, 2);
    const result = await runCacheWorkload({ stores, ...WORKLOAD }, async () => {
      await sleep(1000);
      await redis.kill();
      await sleep(1000);
      await redis.start();
    });
    const stats = stores.map((store) => store.cache!.stats());
    console.log(`killed and restarted: ${result.reads} reads, ${result.writes} writes`, stats);
    expect(result.failureSamples).toEqual([]);
    expect(result.staleSamples).toEqual([]);
    expect(stats.some((s) => s.bypasses + s.errors > 0)).toBe(true);
    await servesAgain(stores);
  });

  it('Redis flushed again and again mid-run: 0 stale reads', async () => {
    const redis = await ownRedis();
    const stores = await storesOn(redis.url, 2);
    let flushes = 0;
    const result = await runCacheWorkload({ stores, ...WORKLOAD }, async () => {
      for (let t = 0; t < WORKLOAD.durationMs - 300; t += 250) {
        await sleep(250);
        await redis.flush();
        flushes += 1;
      }
    });
    console.log(
      `flushed ${flushes} times: ${result.reads} reads, ${result.stale} stale, ${hits(stores)} hits`,
    );
    expect(result.failureSamples).toEqual([]);
    expect(result.staleSamples).toEqual([]);
    await servesAgain(stores);
  });

  it('Redis full (maxmemory reached, noeviction): 0 failed requests, 0 stale reads', async () => {
    const redis = await ownRedis();
    const stores = await storesOn(redis.url, 2);
    // Let the workload warm the cache a little, then cap memory at half of what is used: every
    // write that needs memory is refused with OOM from then on, while deletions still work.
    const result = await runCacheWorkload({ stores, ...WORKLOAD, durationMs: 2500 }, async () => {
      await sleep(500);
      await withRedis(redis.url, async (client) => {
        await client.configSet({ 'maxmemory-policy': 'noeviction' });
        const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
        await client.configSet({ maxmemory: String(Math.floor(used / 2)) });
      });
    });
    const stats = stores.map((store) => store.cache!.stats());
    console.log(`Redis full: ${result.reads} reads, ${result.writes} writes`, stats);
    expect(result.failureSamples).toEqual([]);
    expect(result.staleSamples).toEqual([]);
    expect(stats.some((s) => s.errors > 0)).toBe(true);
  });

  it('Redis that stops answering: reads wait at most the timeout, then skip it; a new connection resumes', async () => {
    const redis = await ownRedis();
    const proxy = await startFreezableProxy({ host: '127.0.0.1', port: Number(new URL(redis.url).port) });
    cleanup.push(() => proxy.close());
    const [store] = await storesOn(`redis://127.0.0.1:${proxy.port}`, 1, CACHE_DEFAULTS.timeoutMs);
    const plan = await store!.plans.create(planInput());

    proxy.freezeOpenConnections();
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      expect(await store!.plans.get(plan.id)).toEqual(plan);
      latencies.push(performance.now() - started);
    }
    const stats = store!.cache!.stats();
    console.log(`hung Redis: slowest read ${Math.max(...latencies).toFixed(1)} ms`, stats);
    // The first reads wait out the 50 ms timeout; then the breaker skips Redis altogether.
    expect(stats.errors).toBeGreaterThanOrEqual(3);
    expect(stats.bypasses).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect((await store!.health()).cache?.state).toBe('degraded');

    // The probe replaces the hung connection; the proxy passes new ones.
    await expect
      .poll(
        async () => {
          await store!.plans.get(plan.id);
          return store!.cache!.stats().hits;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBeGreaterThan(0);
  });
});
