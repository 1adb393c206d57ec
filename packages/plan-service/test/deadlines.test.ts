import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import type { PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  type RunningService,
  startService,
  type TestDatabase,
  WALLET_A,
  waitFor,
} from '../../../test/support';
import { callError } from './helpers';

let db: TestDatabase;
let locker: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

beforeEach(async () => {
  locker = new pg.Client({ connectionString: db.url });
  await locker.connect();
});
afterEach(async () => {
  await locker.query('rollback').catch(() => undefined);
  await locker.end();
});

async function lockWaiters(): Promise<number> {
  const { rows } = await adminQuery<{ n: string }>(
    "select count(*) as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
    [db.name],
  );
  return Number(rows[0]!.n);
}

// Holds a row lock on the plan from another connection, as a long transaction elsewhere would.
async function lockPlan(planId: string) {
  await locker.query('begin');
  await locker.query('select id from plans where id = $1 for update', [planId]);
}

async function planStatus(planId: string): Promise<string | undefined> {
  const { rows } = await adminQuery<{ status: string }>(
    'select status from plans where id = $1',
    [planId],
    db.name,
  );
  return rows[0]?.status;
}

describe('a call whose SQL outlives its deadline', () => {
  let store: PlanStore;
  let running: RunningService;

  beforeAll(async () => {
    store = createTestStore(db.url);
    running = await startService({ store });
  });
  afterAll(async () => {
    await running.stop();
    await store.close();
  });

  it('ends DEADLINE_EXCEEDED and PostgreSQL cancels the blocked statement', async () => {
    const { plan } = await running.client.createPlan({
      userWallet: WALLET_A,
      destination: 'Locked',
      budget: 1,
      planData: {},
    });
    await lockPlan(plan!.id);
    const started = performance.now();
    const err = await callError(
      running.client.confirmPlan({ planId: plan?.id, userWallet: WALLET_A }, { timeoutMs: 200 }),
    );
    expect(err.code).toBe(status.DEADLINE_EXCEEDED);
    expect(performance.now() - started).toBeLessThan(1000);
    // The server's statement_timeout fires at the same deadline: the waiter is gone within 1 s.
    const gone = await waitFor(async () => (await lockWaiters()) === 0, 1000);
    expect(gone).toBeLessThan(1000);
    await locker.query('commit');
    // The cancelled UPDATE did not run late, after the caller gave up.
    expect(await planStatus(plan!.id)).toBe('generated');
    await waitFor(() =>
      running.logs.some((l) => l.method === 'ConfirmPlan' && l.code === 'DEADLINE_EXCEEDED'),
    );
  });
});

describe('maxCallMs', () => {
  it('bounds the database time of a call that carries a longer deadline', async () => {
    const store = createTestStore(db.url);
    const running = await startService({ store, maxCallMs: 300 });
    try {
      const { plan } = await running.client.createPlan({
        userWallet: WALLET_A,
        destination: 'Capped',
        budget: 1,
        planData: {},
      });
      await lockPlan(plan!.id);
      const started = performance.now();
      const err = await callError(
        running.client.confirmPlan({ planId: plan?.id, userWallet: WALLET_A }, { timeoutMs: 5000 }),
      );
      // Answered by the server (its statement_timeout), not by the client's 5 s timer.
      expect([err.code, err.details]).toEqual([
        status.DEADLINE_EXCEEDED,
        'the database work ran past its deadline and was cancelled',
      ]);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(await lockWaiters()).toBe(0);
    } finally {
      await running.stop();
      await store.close();
    }
  });
});

describe('a deadline spent waiting for a pooled connection', () => {
  it('does no database work once the connection arrives', async () => {
    const store = createTestStore(db.url, { pool: { size: 0, maxOverflow: 1 } });
    const running = await startService({ store });
    try {
      const { plan } = await running.client.createPlan({
        userWallet: WALLET_A,
        destination: 'Pool',
        budget: 1,
        planData: {},
      });
      await lockPlan(plan!.id);
      // Takes the only connection and waits on the lock.
      const holding = running.client.confirmPlan(
        { planId: plan?.id, userWallet: WALLET_A },
        { timeoutMs: 5000 },
      );
      await waitFor(async () => (await lockWaiters()) === 1);
      // Waits for the connection longer than its 300 ms deadline.
      const late = running.client.createPlan(
        { userWallet: WALLET_A, destination: 'Too late', budget: 1, planData: {} },
        { timeoutMs: 300, requestId: 'too-late' },
      );
      const err = await callError(late);
      expect(err.code).toBe(status.DEADLINE_EXCEEDED);
      await locker.query('commit');
      expect((await holding).plan?.id).toBe(plan?.id);
      // The server logged the call once it got the connection, and inserted nothing.
      await waitFor(() => running.logs.some((l) => l.requestId === 'too-late'));
      expect(running.logs.find((l) => l.requestId === 'too-late')).toMatchObject({
        code: 'DEADLINE_EXCEEDED',
      });
      const { rows } = await adminQuery<{ n: string }>(
        "select count(*) as n from plans where destination = 'Too late'",
        [],
        db.name,
      );
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await running.stop();
      await store.close();
    }
  });
});

describe('a deadline too close to commit', () => {
  it('rolls back instead of committing: the caller gets DEADLINE_EXCEEDED and no row is left', async () => {
    const store = createTestStore(db.url);
    // 1.5 s of each deadline is kept for COMMIT and the answer.
    const running = await startService({ store, answerReserveMs: 1500 });
    try {
      const key = 'late-commit';
      // Another transaction holds this wallet's idempotency key, so the service's INSERT waits for it.
      await locker.query('begin');
      await locker.query(
        `with held as (
           insert into plans (user_wallet, destination, budget, plan_data) values ($1, 'Held', 1, '{}')
           returning id)
         insert into plan_idempotency_keys (user_wallet, idempotency_key, plan_id)
         select $1, $2, id from held`,
        [WALLET_A, key],
      );
      const call = running.client.createPlan(
        { userWallet: WALLET_A, destination: 'Late commit', budget: 1, planData: {}, idempotencyKey: key },
        { timeoutMs: 3000 },
      );
      await waitFor(async () => (await lockWaiters()) === 1);
      // Released 2 s in: the INSERT then succeeds with about 1 s of the deadline left, less than the reserve.
      await sleep(2000);
      await locker.query('rollback');
      const err = await callError(call);
      expect([err.code, err.details]).toEqual([
        status.DEADLINE_EXCEEDED,
        'too little of the call deadline was left to commit and answer in time; nothing was stored',
      ]);
      const { rows } = await adminQuery<{ n: string }>(
        "select count(*) as n from plans where destination = 'Late commit'",
        [],
        db.name,
      );
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await running.stop();
      await store.close();
    }
  });
});
