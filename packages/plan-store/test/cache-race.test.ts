// The stale-set race: a reader misses, reads the old rows, and fills the cache after a writer
// committed and invalidated. Two stores share one Redis, 64 workers mix reads and writes on a few
// hot wallets, and every fill waits a random few milliseconds after its database read.
import type { PlanStore, PlanStoreOptionsInput } from '@travel-planner/plan-store';
import { createPlanStore } from '@travel-planner/plan-store';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  deleteKeys,
  type TestDatabase,
  testRedisUrl,
  uniquePrefix,
} from '../../../test/support';
import { runCacheWorkload } from './cache-workload';
import { cacheReady } from './helpers';

const WORKLOAD = { workers: 64, durationMs: 3000, hotWallets: 4, writeShare: 0.25 };
const fillDelay = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 20));

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Two stores over one database of this test's own, sharing one Redis key space. */
async function twoStores(cache: Partial<NonNullable<Exclude<PlanStoreOptionsInput['cache'], false>>>) {
  const db: TestDatabase = await createTestDatabase();
  const keyPrefix = uniquePrefix();
  const stores: PlanStore[] = [0, 1].map(() =>
    createPlanStore({
      databaseUrl: db.url,
      logger: { warn() {} },
      pool: { size: 0, maxOverflow: 10 },
      // A generous Redis timeout: this test is about correctness, and on a loaded machine the
      // default 50 ms would leave the breaker open and the cache unused.
      cache: { url: testRedisUrl(), keyPrefix, beforeFill: fillDelay, timeoutMs: 2000, ...cache },
    }),
  );
  cleanup.push(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await db.drop();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });
  await Promise.all(stores.map(cacheReady));
  return stores;
}

const total = (stores: PlanStore[], field: 'hits' | 'staleFillsRefused') =>
  stores.reduce((sum, store) => sum + store.cache!.stats()[field], 0);

describe('cache race protection', () => {
  it('never returns data older than a write acknowledged before the read began', async () => {
    const stores = await twoStores({});
    const result = await runCacheWorkload({ stores, ...WORKLOAD });
    console.log(
      `race protection on: ${result.reads} reads, ${result.writes} writes, ${result.stale} stale, ` +
        `${total(stores, 'hits')} hits, ${total(stores, 'staleFillsRefused')} racing fills refused`,
      stores.map((store) => store.cache!.stats()),
    );
    expect(result.failureSamples).toEqual([]);
    expect(result.staleSamples).toEqual([]);
    expect(result.stale).toBe(0);
    // The race did happen and was caught, and the cache did serve: the test is not vacuous.
    expect(total(stores, 'staleFillsRefused')).toBeGreaterThan(0);
    expect(total(stores, 'hits')).toBeGreaterThan(0);
  });

  it('finds stale reads when the protection is switched off (negative control)', async () => {
    const stores = await twoStores({ raceProtection: false });
    const result = await runCacheWorkload({ stores, ...WORKLOAD });
    console.log(
      `race protection off: ${result.reads} reads, ${result.stale} stale, e.g. ${result.staleSamples[0]}`,
    );
    expect(result.failures).toBe(0);
    expect(result.stale).toBeGreaterThan(0);
  });
});
