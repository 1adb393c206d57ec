import type { PlanStore } from '@travel-planner/plan-store';
import { PlanValidationError } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestStore,
  freePort,
  uniquePrefix,
  WALLET_A,
  WALLET_B,
} from '../../../test/support';
import { cachedRead, createCachedTestStore, planInput } from './helpers';

describe('plan cache', () => {
  let store: PlanStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await createCachedTestStore());
  });
  afterAll(() => close?.());

  it('answers repeated gets from Redis with the same plan, Dates included', async () => {
    const plan = await store.plans.create(planInput());
    const cached = await cachedRead(store, () => store.plans.get(plan.id));
    expect(cached).toEqual(plan);
    expect(cached?.updatedAt).toBeInstanceOf(Date);
    expect(store.cache!.stats().misses).toBeGreaterThan(0);
  });

  it('shows every kind of write at once, in get and in the first page', async () => {
    const wallet = WALLET_B;
    const plan = await store.plans.create(planInput({ userWallet: wallet }));
    await cachedRead(store, () => store.plans.get(plan.id));
    await cachedRead(store, () => store.plans.listByWallet(wallet));

    const second = await store.plans.create(planInput({ userWallet: wallet, destination: 'Rome' }));
    expect((await store.plans.listByWallet(wallet)).plans.map((p) => p.id)).toEqual([second.id, plan.id]);

    await cachedRead(store, () => store.plans.get(plan.id));
    await store.plans.confirm(plan.id, { userWallet: wallet });
    expect((await store.plans.get(plan.id))?.status).toBe('confirmed');
    expect((await store.plans.listByWallet(wallet)).plans[1]?.status).toBe('confirmed');

    await cachedRead(store, () => store.plans.get(plan.id));
    await store.plans.updatePlanData(plan.id, { rev: 2 });
    expect((await store.plans.get(plan.id))?.planData).toEqual({ rev: 2 });

    await cachedRead(store, () => store.plans.listByWallet(wallet, { status: 'confirmed', limit: 5 }));
    await store.plans.cancel(plan.id);
    expect((await store.plans.listByWallet(wallet, { status: 'confirmed', limit: 5 })).plans).toEqual([]);

    await cachedRead(store, () => store.plans.get(second.id));
    await cachedRead(store, () => store.plans.listByWallet(wallet));
    expect(await store.plans.delete(second.id)).toBe(true);
    expect(await store.plans.get(second.id)).toBeUndefined();
    expect((await store.plans.listByWallet(wallet)).plans.map((p) => p.id)).toEqual([plan.id]);
  });

  it('invalidates after a transaction commits, and never fills from inside one', async () => {
    const plan = await store.plans.create(planInput({ destination: 'Oslo' }));
    await cachedRead(store, () => store.plans.get(plan.id));
    const before = store.cache!.stats();
    await store.transaction(async (tx) => {
      await tx.plans.confirm(plan.id);
      expect((await tx.plans.get(plan.id))?.status).toBe('confirmed');
    });
    const after = store.cache!.stats();
    expect(after.hits + after.misses).toBe(before.hits + before.misses); // the read inside went to PostgreSQL
    expect((await store.plans.get(plan.id))?.status).toBe('confirmed');
  });

  it("answers a transaction's first reads from the cache, without opening a database transaction", async () => {
    const plan = await store.plans.create(planInput({ destination: 'Kyiv' }));
    await cachedRead(store, () => store.plans.get(plan.id));
    const before = store.cache!.stats().hits;
    const pooled = (await store.health()).pool.size;
    const read = await store.transaction(async (tx) => {
      const found = await tx.plans.get(plan.id);
      expect((await store.health()).pool.busy).toBe(0);
      return found;
    });
    expect(read).toEqual(plan);
    expect(store.cache!.stats().hits).toBe(before + 1);
    expect((await store.health()).pool.size).toBeLessThanOrEqual(pooled + 1); // only the health check's own
  });

  it('keeps the cached value when a transaction rolls back, and rethrows its error unchanged', async () => {
    const plan = await store.plans.create(planInput({ destination: 'Lima' }));
    await cachedRead(store, () => store.plans.get(plan.id));
    const changedMyMind = new Error('changed my mind');
    await expect(
      store.transaction(async (tx) => {
        await tx.plans.cancel(plan.id);
        throw changedMyMind;
      }),
    ).rejects.toBe(changedMyMind);
    expect((await store.plans.get(plan.id))?.status).toBe('generated');
    // Also when the transaction never began (its reads were all cache hits).
    await expect(
      store.transaction(async (tx) => {
        await tx.plans.get(plan.id);
        throw changedMyMind;
      }),
    ).rejects.toBe(changedMyMind);
  });

  it('leaves later pages and invalid input to PostgreSQL and its errors', async () => {
    const before = store.cache!.stats();
    await expect(store.plans.get('not-a-uuid')).rejects.toBeInstanceOf(PlanValidationError);
    await expect(store.plans.listByWallet('0x123')).rejects.toBeInstanceOf(PlanValidationError);
    await expect(store.plans.listByWallet(WALLET_A, { limit: 0 })).rejects.toBeInstanceOf(
      PlanValidationError,
    );
    const first = await store.plans.listByWallet(WALLET_A, { limit: 1 });
    await store.plans.listByWallet(WALLET_A, { limit: 1, cursor: first.nextCursor! });
    const after = store.cache!.stats();
    expect(after.hits + after.misses + after.bypasses + after.errors).toBe(
      before.hits + before.misses + before.bypasses + before.errors + 1,
    );
  });
});

describe('plan cache without a reachable Redis', () => {
  it('serves from PostgreSQL, within the bounded wait, and reports the cache degraded', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
    const db = await createTestDatabase();
    const store = createTestStore(db, { cache: { url, keyPrefix: uniquePrefix() } });
    try {
      const plan = await store.plans.create(planInput());
      const started = performance.now();
      expect(await store.plans.get(plan.id)).toEqual(plan);
      expect((await store.plans.listByWallet(WALLET_A)).plans).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(store.cache!.stats()).toMatchObject({ hits: 0, misses: 0, bypasses: 2 });
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(health.cache).toEqual({ state: 'degraded', reason: 'connecting' });
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
