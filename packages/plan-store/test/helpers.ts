// plan-store's own fixtures; shared test support is in test/support.
import type { CreatePlanInput, PlanStore } from '@travel-planner/plan-store';
import { expect, vi } from 'vitest';
import {
  createTestDatabase,
  createTestStore,
  deleteKeys,
  testRedisUrl,
  uniquePrefix,
  WALLET_A,
} from '../../../test/support';

/** A valid create input, overridable field by field. */
export function planInput(overrides: Partial<CreatePlanInput> = {}): CreatePlanInput {
  return {
    userWallet: WALLET_A,
    destination: 'Paris',
    budget: 2000,
    planData: {
      flights: [],
      hotels: [],
      activities: ['Louvre'],
      total_cost: 100,
      platform_fee: 2,
      grand_total: 102,
    },
    ...overrides,
  };
}

/** Inserts `count` plans for a wallet, one after another (distinct created_at). */
export async function insertPlans(store: PlanStore, count: number, overrides: Partial<CreatePlanInput> = {}) {
  const plans = [];
  for (let i = 0; i < count; i++)
    plans.push(await store.plans.create(planInput({ destination: `City ${i}`, ...overrides })));
  return plans;
}

/** Resolves once the store's Redis connection is up (it connects in the background). */
export async function cacheReady(store: PlanStore): Promise<void> {
  await vi.waitFor(
    () => {
      if (store.cache?.health().state !== 'ok') throw new Error('the cache is not ready');
    },
    { timeout: 5000, interval: 20 },
  );
}

/**
 * A store on a database of its own with the cache on, under a key prefix of its own, once its Redis
 * connection is up; `close` stops it and drops the database and the keys.
 */
export async function createCachedTestStore(): Promise<{ store: PlanStore; close(): Promise<void> }> {
  const prefix = uniquePrefix();
  const db = await createTestDatabase();
  const store = createTestStore(db, { cache: { url: testRedisUrl(), keyPrefix: prefix } });
  await cacheReady(store);
  return {
    store,
    async close() {
      await store.close();
      await db.drop();
      await deleteKeys(testRedisUrl(), prefix);
    },
  };
}

/** Repeats `read` until the cache answers it (fills happen in the background after a miss). */
export async function cachedRead<T>(store: PlanStore, read: () => Promise<T>): Promise<T> {
  let result!: T;
  await expect
    .poll(async () => {
      const before = store.cache!.stats().hits;
      result = await read();
      return store.cache!.stats().hits > before;
    })
    .toBe(true);
  return result;
}
