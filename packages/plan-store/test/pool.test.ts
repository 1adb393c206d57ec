import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  startFreezableProxy,
  type TestDatabase,
} from '../../../test/support';
import { planInput } from './helpers';

let db: TestDatabase;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => db.drop());

function storeFor(options: Parameters<typeof createPlanStore>[0] = {}, warnings: string[] = []): PlanStore {
  const store = createPlanStore({
    databaseUrl: db.url,
    logger: { warn: (m) => warnings.push(m) },
    ...options,
    pool: { size: 2, maxOverflow: 3, ...options.pool },
  });
  cleanups.push(() => store.close());
  return store;
}

const backendPid = async (store: PlanStore) =>
  ((await store.knex.raw('select pg_backend_pid() as pid')).rows[0] as { pid: number }).pid;

async function appBackends(applicationName: string): Promise<number[]> {
  const { rows } = await adminQuery<{ pid: number }>(
    'select pid from pg_stat_activity where datname = $1 and application_name = $2',
    [db.name, applicationName],
  );
  return rows.map((r) => r.pid);
}

describe('pool recycle', () => {
  it('replaces a connection older than the recycle age at its next checkout', async () => {
    const store = storeFor({ pool: { size: 1, maxOverflow: 0, recycleSeconds: 1 } });
    const first = await backendPid(store);
    expect(await backendPid(store)).toBe(first); // young: reused
    await new Promise((r) => setTimeout(r, 1100));
    const second = await backendPid(store);
    expect(second).not.toBe(first);
    await new Promise((r) => setTimeout(r, 300));
    expect(await appBackends('plan-store')).not.toContain(first); // the old one was closed, not leaked
  });
});

describe('recovery when the server drops every connection', () => {
  it('answers the next queries without a single error after pg_terminate_backend on all of them', async () => {
    const store = storeFor({ applicationName: 'pool-recovery', pool: { size: 4, maxOverflow: 0 } });
    // Open four connections.
    await Promise.all(Array.from({ length: 4 }, () => store.knex.raw('select pg_sleep(0.05)')));
    const before = await appBackends('pool-recovery');
    expect(before).toHaveLength(4);
    await adminQuery(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2',
      [db.name, 'pool-recovery'],
    );
    while ((await appBackends('pool-recovery')).some((pid) => before.includes(pid))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store.plans.create(planInput()) : store.plans.recent(1))),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const after = await appBackends('pool-recovery');
    expect(after.some((pid) => before.includes(pid))).toBe(false);
  });

  it('never hands out a connection whose socket died silently (pre-ping)', async () => {
    const target = new URL(db.url);
    const proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const store = storeFor({
      databaseUrl: viaProxy.toString(),
      pool: { size: 1, maxOverflow: 0, prePingIdleMs: 0, prePingTimeoutMs: 300 },
    });
    await store.plans.recent(1);
    proxy.freezeOpenConnections();
    const started = performance.now();
    await expect(store.plans.recent(1)).resolves.toBeInstanceOf(Array);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('hangs on such a socket without pre-ping (the control for the test above)', async () => {
    const target = new URL(db.url);
    const proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const store = storeFor({
      databaseUrl: viaProxy.toString(),
      pool: { size: 1, maxOverflow: 0, prePing: false },
    });
    await store.plans.recent(1);
    proxy.freezeOpenConnections();
    await expect(store.knex.raw('select 1').timeout(500)).rejects.toThrow(/timeout/i);
  });
});

describe('pool limits and statistics', () => {
  it('reports pool gauges through health()', async () => {
    const store = storeFor({ pool: { size: 1, maxOverflow: 2 } });
    const idle = await store.health();
    expect(idle).toMatchObject({ ok: true, pool: { max: 3, busy: 0, pending: 0 } });
    expect(idle.latencyMs).toBeGreaterThanOrEqual(0);
    // knex builders are lazy: then() starts them.
    const slow = Array.from({ length: 5 }, () => store.knex.raw('select pg_sleep(0.3)').then(() => 'done'));
    await new Promise((r) => setTimeout(r, 100));
    const busy = await store.health({ timeoutMs: 50 });
    expect(busy.pool).toEqual({ size: 3, idle: 0, busy: 3, pending: 2, max: 3 });
    await Promise.all(slow);
  });

  it('fails with StoreUnavailableError when no connection frees up in time', async () => {
    const store = storeFor({ pool: { size: 0, maxOverflow: 1, acquireTimeoutMs: 200 } });
    const hog = store.knex.raw('select pg_sleep(1)').then(() => 'done');
    await new Promise((r) => setTimeout(r, 50));
    await expect(store.plans.recent(1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await hog;
    await expect(store.plans.recent(1)).resolves.toBeInstanceOf(Array);
  });

  it('drains the pool on close', async () => {
    const store = createPlanStore({
      databaseUrl: db.url,
      applicationName: 'drain-check',
      logger: { warn() {} },
    });
    await Promise.all(Array.from({ length: 3 }, () => store.knex.raw('select pg_sleep(0.05)')));
    expect((await appBackends('drain-check')).length).toBeGreaterThan(0);
    await store.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await appBackends('drain-check')).toEqual([]);
  });
});

describe('secrets', () => {
  it('keeps the password out of errors and log lines when the server is unreachable', async () => {
    const warnings: string[] = [];
    const store = storeFor(
      {
        databaseUrl: 'postgresql://travel_user:s3cret-pa55@127.0.0.1:1/travel_planner',
        pool: { size: 0, maxOverflow: 1 },
      },
      warnings,
    );
    const error = await store.plans.recent(1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const health = await store.health();
    expect(health.ok).toBe(false);
    const seen = [
      String(error),
      (error as Error).message,
      (error as Error).stack,
      JSON.stringify(health),
      ...warnings,
    ].join('\n');
    expect(seen).not.toContain('s3cret-pa55');
    expect(warnings.length).toBeGreaterThan(0);
  });
});
