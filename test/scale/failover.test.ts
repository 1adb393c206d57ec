// Failover with pg_auto_failover: 16 writers create plans through plan-service while the primary
// (its pg_autoctl and PostgreSQL) is SIGKILLed. plan-store was given both hosts in DATABASE_URL;
// it finds the promoted standby by itself. Checked as the reliability suite does (a set checker
// over idempotency keys): no acknowledged plan lost or duplicated, writes succeed again within
// 30 s of the kill, and the service is never restarted.
import { createPlanService } from '@travel-planner/plan-service';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore } from '@travel-planner/plan-store';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printTable } from '../faults/harness/report';
import { type Attempt, checkSet, type StoredRow, setCheckRows } from '../faults/harness/set-checker';
import { runWorkers, sleep } from '../support';
import { type Formation, MONITOR_SETTINGS, startFormation } from './harness/auto-failover';

const DATABASE = 'travel_planner';
const WRITERS = 16;
const RUN_MS = 20_000;
const KILL_AT_MS = 4000;
const RECOVERY_LIMIT_MS = 30_000;

describe('failover with pg_auto_failover', () => {
  let formation: Formation;

  beforeAll(async () => {
    formation = await startFormation();
    const primary = formation.ports[0]!;
    const admin = createPlanStore({
      databaseUrl: formation.nodeUrl(primary, 'postgres'),
      logger: { warn() {} },
    });
    await admin.knex.raw(`create database ${DATABASE}`);
    await admin.close();
  }, 240_000);

  afterAll(async () => {
    await formation?.remove();
  });

  it('loses no acknowledged plan when the primary is killed, and writes again within 30 s without a restart', {
    timeout: 180_000,
  }, async () => {
    const store = createPlanStore({
      databaseUrl: formation.url(DATABASE),
      pool: { size: 0, maxOverflow: 20, acquireTimeoutMs: 3000, connectTimeoutMs: 1000 },
      logger: { warn() {} },
    });
    await store.migrate.latest();
    const service = createPlanService({
      store,
      logger: pino({ level: 'silent' }),
      healthCheckIntervalMs: 500,
    });
    const port = await service.listen('127.0.0.1:0');
    const client = createPlanServiceClient({ address: `127.0.0.1:${port}`, defaultTimeoutMs: 5000 });

    const history: Array<Attempt & { at: number }> = [];
    const start = Date.now();
    const oldPrimary = (await formation.primaryPort())!;
    let killedAt = 0;
    let promotedAt = 0;
    const watchPromotion = async () => {
      while (Date.now() - start < RUN_MS + RECOVERY_LIMIT_MS && promotedAt === 0) {
        const primary = await formation.primaryPort().catch(() => undefined);
        if (killedAt && primary !== undefined && primary !== oldPrimary) promotedAt = Date.now();
        await sleep(100);
      }
    };

    try {
      await Promise.all([
        (async () => {
          await sleep(KILL_AT_MS);
          killedAt = Date.now();
          formation.kill(oldPrimary);
        })(),
        watchPromotion(),
        runWorkers(WRITERS, { durationMs: RUN_MS, maxIterations: 100_000 }, async (writer, n) => {
          const idempotencyKey = `failover-${writer}-${n}`;
          const userWallet = `0x${(writer + 1).toString(16).padStart(40, '0')}`;
          // Retry one logical write until it is acknowledged (the same key: never a second plan).
          for (let attempt = 1; attempt <= 200; attempt++) {
            const requestId = `${idempotencyKey}-${attempt}`;
            try {
              const { plan } = await client.createPlan({
                userWallet,
                destination: 'Reykjavik',
                budget: 1200,
                planData: { writer, n },
                idempotencyKey,
              });
              history.push({ requestId, idempotencyKey, outcome: 'ok', planId: plan!.id, at: Date.now() });
              return;
            } catch {
              history.push({ requestId, idempotencyKey, outcome: 'fail', at: Date.now() });
              await sleep(100);
            }
          }
        }),
      ]);

      const rows = await store.knex.raw<{ rows: Array<{ id: string; idempotency_key: string | null }> }>(
        'select p.id, k.idempotency_key from plans p left join plan_idempotency_keys k on k.plan_id = p.id',
      );
      const stored: StoredRow[] = rows.rows.map((r) => ({ planId: r.id, idempotencyKey: r.idempotency_key }));
      const check = checkSet(history, stored);
      const failures = history.filter((a) => a.outcome === 'fail');
      const acks = history.filter((a) => a.outcome === 'ok').map((a) => a.at);
      const lastFailure = Math.max(...failures.map((a) => a.at));
      // Failures happen only while there is no writable primary: the outage is the span they cover.
      const lastAckBefore = Math.max(...acks.filter((at) => at < (failures[0]?.at ?? killedAt)));
      const firstAckAfter = Math.min(...acks.filter((at) => at > lastFailure));
      const since = (t: number) => (Number.isFinite(t) && t > 0 ? `${t - killedAt} ms` : 'never');
      printTable('failover: primary SIGKILLed under 16 writers (times from the kill)', [
        [
          'monitor settings',
          Object.entries(MONITOR_SETTINGS)
            .map(([k, v]) => `${k.split('.')[1]}=${v}`)
            .join(' '),
        ],
        ['last write acknowledged before', since(lastAckBefore)],
        ['first failed write', since(failures[0]?.at ?? 0)],
        ['monitor shows the standby as primary', since(promotedAt)],
        ['last failed write', since(lastFailure)],
        ['first write acknowledged after it', since(firstAckAfter)],
        ['failed attempts (retried)', failures.length],
        ...setCheckRows(check),
      ]);

      expect(killedAt).toBeGreaterThan(0);
      expect(check.acknowledged).toBeGreaterThan(WRITERS);
      expect(check.lost).toEqual([]);
      expect(check.duplicates).toEqual([]);
      expect(check.unexpected).toEqual([]);
      expect(failures.length).toBeGreaterThan(0); // the kill did interrupt the writers
      expect(firstAckAfter - killedAt).toBeLessThan(RECOVERY_LIMIT_MS);
      // The same service keeps serving: a fresh write and its read back.
      const { plan } = await client.createPlan({
        userWallet: `0x${'f'.repeat(40)}`,
        destination: 'Oslo',
        budget: 900,
        planData: {},
      });
      expect((await client.getPlan({ planId: plan!.id })).plan?.destination).toBe('Oslo');
      expect(await formation.primaryPort()).not.toBe(oldPrimary);
    } finally {
      client.close();
      await service.shutdown({ graceMs: 1000 });
      await store.close();
    }
  });
});
