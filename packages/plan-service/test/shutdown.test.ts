import { status } from '@grpc/grpc-js';
import { METRIC_NAMES, PlanStatus } from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  createTestStore,
  type RunningService,
  startService,
  type TestDatabase,
  WALLET_A,
  waitFor,
} from '../../../test/support';
import { callError, UNKNOWN_PLAN_ID } from './helpers';

const IN_FLIGHT = 20;

let db: TestDatabase;
let store: PlanStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db.url);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

async function inFlight(running: RunningService): Promise<number> {
  const metric = running.service.metrics.getSingleMetric(METRIC_NAMES.callsInFlight);
  const value = await metric?.get();
  return value?.values[0]?.value ?? 0;
}

async function blockedCalls(running: RunningService, count: number, lockedBy: pg.Client) {
  const { plan } = await running.client.createPlan({
    userWallet: WALLET_A,
    destination: 'Drain',
    budget: 1,
    planData: {},
  });
  await lockedBy.query('begin');
  await lockedBy.query('select id from plans where id = $1 for update', [plan?.id]);
  // Each call waits on the row lock, or for one of the pool's five connections.
  const calls = Array.from({ length: count }, () =>
    running.client.confirmPlan({ planId: plan?.id, userWallet: WALLET_A }, { timeoutMs: 15_000 }).then(
      (response) => ({ ok: true as const, status: response.plan?.status }),
      (error: { code: number }) => ({ ok: false as const, code: error.code }),
    ),
  );
  await waitFor(async () => (await inFlight(running)) === count);
  return calls;
}

describe('shutdown', () => {
  it('lets calls in flight finish, turns new calls away fast, and resolves', async () => {
    const running = await startService({ store });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      const calls = await blockedCalls(running, IN_FLIGHT, locker);

      let resolved = false;
      const stopping = running.service.shutdown({ graceMs: 10_000 }).then(() => {
        resolved = true;
      });
      const started = performance.now();
      const refused = await callError(running.client.getPlan({ planId: UNKNOWN_PLAN_ID }));
      expect(refused.code).toBe(status.UNAVAILABLE);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(resolved).toBe(false);

      await locker.query('commit');
      const outcomes = await Promise.all(calls);
      expect(outcomes).toEqual(
        Array.from({ length: IN_FLIGHT }, () => ({ ok: true, status: PlanStatus.PLAN_STATUS_CONFIRMED })),
      );
      await stopping;
      expect(resolved).toBe(true);
      expect(running.logs.filter((l) => l.method === 'ConfirmPlan' && l.code === 'OK')).toHaveLength(
        IN_FLIGHT,
      );
    } finally {
      running.client.close();
      await locker.end();
    }
  });

  it('cancels what is still running after graceMs', async () => {
    const running = await startService({ store });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      const calls = await blockedCalls(running, 2, locker);
      const started = performance.now();
      await running.service.shutdown({ graceMs: 300 });
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(1500);
      const outcomes = await Promise.all(calls);
      for (const outcome of outcomes) expect(outcome.ok).toBe(false);
      expect(
        running.logs.some((l) => l.msg === 'calls still running after the grace period were cancelled'),
      ).toBe(true);
    } finally {
      await locker.query('rollback');
      await locker.end();
      running.client.close();
    }
  });
});
