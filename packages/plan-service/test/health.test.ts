import { status } from '@grpc/grpc-js';
import { METRIC_NAMES, PLAN_SERVICE_NAME, startMetricsServer } from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { callError, UNKNOWN_PLAN_ID } from './helpers';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await adminQuery(`alter database ${db.name} with allow_connections true`);
  await db.drop();
});

// Makes the database refuse new connections and drops the existing ones, without stopping the
// shared PostgreSQL server.
async function blockDatabase(name: string) {
  await adminQuery(`alter database ${name} with allow_connections false`);
  await adminQuery('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
}

async function unblockDatabase(name: string) {
  await adminQuery(`alter database ${name} with allow_connections true`);
}

describe('grpc.health.v1', () => {
  let store: PlanStore;
  let running: RunningService;

  beforeAll(async () => {
    store = createTestStore(db.url, { pool: { connectTimeoutMs: 1000 } });
    running = await startService({ store, healthCheckIntervalMs: 100 });
  });
  afterAll(async () => {
    await running.stop();
    await store.close();
  });

  it('serves the whole server and the service, and knows no others', async () => {
    expect(await running.client.checkHealth()).toBe('SERVING');
    expect(await running.client.checkHealth(PLAN_SERVICE_NAME)).toBe('SERVING');
    expect(await running.client.checkHealth('no.such.Service')).toBe('SERVICE_UNKNOWN');
  });

  it('turns NOT_SERVING when the database goes away and SERVING when it is back', async () => {
    await blockDatabase(db.name);
    try {
      const down = await waitFor(async () => (await running.client.checkHealth()) === 'NOT_SERVING', 3000);
      expect(down).toBeLessThan(2500);
      expect(await running.client.checkHealth(PLAN_SERVICE_NAME)).toBe('NOT_SERVING');
      expect(await running.service.metrics.metrics()).toContain(`${METRIC_NAMES.serving} 0`);
      expect(running.logs.some((l) => l.health === 'NOT_SERVING')).toBe(true);
    } finally {
      await unblockDatabase(db.name);
    }
    const up = await waitFor(async () => (await running.client.checkHealth()) === 'SERVING', 5000);
    expect(up).toBeLessThan(5000);
    expect(await running.client.checkHealth(PLAN_SERVICE_NAME)).toBe('SERVING');
    expect(await running.service.metrics.metrics()).toContain(`${METRIC_NAMES.serving} 1`);
    // And calls work again.
    const { plan } = await running.client.createPlan({
      userWallet: WALLET_A,
      destination: 'Back',
      budget: 1,
      planData: {},
    });
    expect(plan?.destination).toBe('Back');
  });
});

describe('a call that finds the database unavailable', () => {
  it('answers UNAVAILABLE and flips health to NOT_SERVING at once', async () => {
    // One connection, a short acquire timeout, and a background check too slow to interfere.
    const store = createTestStore(db.url, { pool: { size: 0, maxOverflow: 1, acquireTimeoutMs: 300 } });
    const running = await startService({ store, healthCheckIntervalMs: 60_000 });
    const { plan } = await running.client.createPlan({
      userWallet: WALLET_A,
      destination: 'Held',
      budget: 1,
      planData: {},
    });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      expect(await running.client.checkHealth()).toBe('SERVING');
      await locker.query('begin');
      await locker.query('select id from plans where id = $1 for update', [plan?.id]);
      // This call takes the pool's only connection and waits on the row lock.
      const holding = running.client.confirmPlan(
        { planId: plan?.id, userWallet: WALLET_A },
        { timeoutMs: 10_000 },
      );
      await waitFor(async () => {
        const { rows } = await adminQuery<{ n: string }>(
          "select count(*) as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
          [db.name],
        );
        return Number(rows[0]!.n) === 1;
      });
      const err = await callError(running.client.getPlan({ planId: UNKNOWN_PLAN_ID }));
      expect([err.code, err.details]).toEqual([
        status.UNAVAILABLE,
        'no database connection became free in time',
      ]);
      expect(await running.client.checkHealth()).toBe('NOT_SERVING');
      expect(await running.client.checkHealth(PLAN_SERVICE_NAME)).toBe('NOT_SERVING');
      await locker.query('commit');
      expect((await holding).plan?.id).toBe(plan?.id);
    } finally {
      await locker.end();
      await running.stop();
      await store.close();
    }
  });

  it('answers UNAVAILABLE when the server cannot be reached at all, and health says NOT_SERVING', async () => {
    // Nothing listens on port 1.
    const store = createTestStore('postgresql://postgres@127.0.0.1:1/nowhere', {
      pool: { connectTimeoutMs: 500 },
    });
    const running = await startService({ store, healthCheckIntervalMs: 60_000 });
    try {
      expect(await running.client.checkHealth()).toBe('NOT_SERVING');
      const started = performance.now();
      const err = await callError(running.client.getPlan({ planId: UNKNOWN_PLAN_ID }));
      expect([err.code, err.details]).toEqual([status.UNAVAILABLE, 'the plan database is unavailable']);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(JSON.stringify(running.logs)).not.toContain('127.0.0.1:1/nowhere');
    } finally {
      await running.stop();
      await store.close();
    }
  });
});

describe('the /metrics endpoint', () => {
  it('serves the registry as Prometheus text, pool gauges included, and 404 elsewhere', async () => {
    const store = createTestStore(db.url);
    const running = await startService({ store });
    const endpoint = await startMetricsServer({ registry: running.service.metrics, port: 0 });
    try {
      await running.client.getPlan({ planId: UNKNOWN_PLAN_ID }).catch(() => undefined);
      const response = await fetch(`http://127.0.0.1:${endpoint.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const body = await response.text();
      expect(body).toContain(`${METRIC_NAMES.calls}{method="GetPlan",code="NOT_FOUND"} 1`);
      expect(body).toContain(`# TYPE ${METRIC_NAMES.callDuration} histogram`);
      for (const state of ['size', 'idle', 'busy', 'pending', 'max']) {
        expect(body).toMatch(new RegExp(`${METRIC_NAMES.poolConnections}\\{state="${state}"\\} \\d+`));
      }
      expect((await fetch(`http://127.0.0.1:${endpoint.port}/other`)).status).toBe(404);
    } finally {
      await endpoint.close();
      await running.stop();
      await store.close();
    }
  });
});
