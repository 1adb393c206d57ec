// Scenario 1: PostgreSQL is SIGKILLed (postmaster and backends) and restarted at seeded moments
// while 32 clients create plans through the gateway. With PostgreSQL's default durability, every
// plan the gateway acknowledged must be read back afterwards, exactly once.
//
// The schedule is ordered, not timed: each kill comes a seeded while after the clients saw the
// previous crash end (their first 200), and the clients stop a while after the last one, so a
// slow machine stretches the run instead of overlapping the crashes.
import { createPlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generatePlan,
  type HttpResult,
  outcomeLabel,
  planIdOf,
  pollUntil,
  type Random,
  randomWallet,
  runSeed,
  runWorkers,
  seededRandom,
  sleep,
} from '../support';
import { createScenarioDatabase, faultServer, type ScenarioDatabase } from './harness/database';
import { awaitHealthyCalls, healthyLatencyMs } from './harness/healthy-latency';
import { formatMs, printTable, tally } from './harness/report';
import {
  GATEWAY_DEADLINE_MS,
  leakedSecrets,
  type ScenarioStack,
  startScenarioStack,
} from './harness/scenario-stack';
import {
  type Attempt,
  type AttemptOutcome,
  checkSet,
  type StoredRow,
  setCheckRows,
} from './harness/set-checker';

const CLIENTS = 32;
const KILLS = 3;
// Load before the first kill, between a recovery and the next kill, and after the last recovery.
const LOAD_BEFORE_KILL_MS: readonly [number, number] = [1500, 3500];
const LOAD_AFTER_MS = 2000;
// Longest wait for the clients to recover before the run goes on (and the recovery bar fails).
const RECOVERY_WAIT_MAX_MS = 60_000;
const ATTEMPTS_PER_KEY = 3;
const RECOVERY_LIMIT_MS = 5000;
const DESTINATIONS = ['Paris', 'Tokyo', 'Rome', 'New York', 'Lisbon', 'Reykjavik'];

interface Crash {
  killedAt: number;
  /** When the new postmaster was launched, and when a probe first got an answer from it. */
  restartedAt: number;
  acceptingAt: number;
}

/** One crash of a schedule: load for `afterMs` (since the last recovery), then down for `downMs`. */
interface ScheduledKill {
  afterMs: number;
  downMs: number;
}

/** Seeded moments and downtimes of the kills. */
function killSchedule(random: Random): ScheduledKill[] {
  return Array.from({ length: KILLS }, () => ({
    afterMs: random.int(...LOAD_BEFORE_KILL_MS),
    downMs: random.int(200, 1500),
  }));
}

/**
 * Kills and restarts the server on schedule, each time waiting for `recovered(acceptingAt)` (polled)
 * before the next wait starts; resolves with when each crash happened and ended.
 */
async function crashOnSchedule(
  schedule: readonly ScheduledKill[],
  recovered: (since: number) => boolean = () => true,
): Promise<Crash[]> {
  const server = faultServer();
  const crashes: Crash[] = [];
  for (const { afterMs, downMs } of schedule) {
    await sleep(afterMs);
    const killedAt = Date.now();
    await server.kill();
    await sleep(downMs);
    const restartedAt = Date.now();
    const acceptingAt = await server.start();
    crashes.push({ killedAt, restartedAt, acceptingAt });
    await pollUntil(async () => recovered(restartedAt) || undefined, { timeoutMs: RECOVERY_WAIT_MAX_MS });
  }
  return crashes;
}

/** Every plan in `db` with the idempotency key it was created with: the checker's final read. */
async function readAllPlans(db: ScenarioDatabase): Promise<StoredRow[]> {
  const rows = await db.query<{ id: string; idempotency_key: string | null }>(
    'select p.id, k.idempotency_key from plans p left join plan_idempotency_keys k on k.plan_id = p.id',
  );
  return rows.map((row) => ({ planId: row.id, idempotencyKey: row.idempotency_key }));
}

describe('scenario 1: PostgreSQL SIGKILLed and restarted under plan creation', () => {
  let stack: ScenarioStack;

  beforeAll(async () => {
    stack = await startScenarioStack({ maxSockets: CLIENTS });
  });

  afterAll(async () => {
    await faultServer().ensureRunning();
    await stack?.stop();
  });

  it('loses no acknowledged plan, duplicates none, and recovers within 5 s of each restart', async () => {
    const random = seededRandom(runSeed());
    const schedule = killSchedule(random);
    const wallets = Array.from({ length: CLIENTS }, () => randomWallet(random));
    const history: Attempt[] = [];
    const calls: HttpResult[] = [];

    let loadEnd = Number.POSITIVE_INFINITY;
    const started = Date.now();
    const succeededSince = (since: number) =>
      calls.some((call) => call.status === 200 && call.startedAt >= since);
    const limits = { durationMs: 600_000, maxIterations: 10_000, stopped: () => Date.now() >= loadEnd };
    const healthyBeforeKills = awaitHealthyCalls(() => calls.filter((call) => call.status === 200).length);
    const [crashes] = await Promise.all([
      healthyBeforeKills
        .then(() => crashOnSchedule(schedule, succeededSince))
        .then((done) => {
          loadEnd = Date.now() + LOAD_AFTER_MS;
          return done;
        }),
      runWorkers(CLIENTS, limits, async (client, n) => {
        const idempotencyKey = `kill-${client}-${n}`;
        const body = {
          destination: DESTINATIONS[n % DESTINATIONS.length]!,
          budget: 5000,
          user_wallet: wallets[client]!,
        };
        for (let attempt = 1; attempt <= ATTEMPTS_PER_KEY; attempt++) {
          const requestId = `${idempotencyKey}-${attempt}`;
          const result = await generatePlan(stack.http, body, {
            headers: { 'idempotency-key': idempotencyKey, 'x-request-id': requestId },
            timeoutMs: GATEWAY_DEADLINE_MS + 3000,
          });
          const planId = planIdOf(result);
          const outcome: AttemptOutcome = planId ? 'ok' : result.error === 'timeout' ? 'timeout' : 'fail';
          history.push({ requestId, idempotencyKey, outcome, ...(planId ? { planId } : {}) });
          calls.push(result);
          if (outcome === 'ok') break;
          await sleep(100);
        }
      }),
    ]);

    const runMs = Date.now() - started;
    const check = checkSet(history, await readAllPlans(stack.db));
    // The bar counts from when PostgreSQL accepts connections again (its crash recovery before that
    // is PostgreSQL's, and slows with the machine); clients that get there before the harness's
    // probe notices show as a negative time.
    const recoveries = crashes.map(({ killedAt, restartedAt, acceptingAt }) => {
      const firstSuccess = calls
        .filter((call) => call.status === 200 && call.startedAt >= killedAt)
        .reduce((earliest, call) => Math.min(earliest, call.endedAt), Number.POSITIVE_INFINITY);
      return { accepting: acceptingAt - restartedAt, firstSuccess: firstSuccess - acceptingAt };
    });
    const firstKillAt = Math.min(...crashes.map((crash) => crash.killedAt));
    const healthyMs = healthyLatencyMs(
      calls.filter((call) => call.status === 200 && call.endedAt < firstKillAt).map((call) => call.latencyMs),
    );
    const maxLatency = Math.max(...calls.map((call) => call.latencyMs));
    const failureLabels = calls.filter((call) => call.status !== 200).map(outcomeLabel);
    printTable('scenario 1: PostgreSQL kill -9 ×3 under 32 clients of POST /generate_plan', [
      ['seed', random.seed],
      ['run', `${formatMs(runMs)}, ${CLIENTS} clients, ${calls.length} requests`],
      ['kills at (s after start)', crashes.map((c) => ((c.killedAt - started) / 1000).toFixed(1)).join(', ')],
      ['downtime before restart', schedule.map((s) => formatMs(s.downMs)).join(', ')],
      ...setCheckRows(check),
      ['failed responses', tally(failureLabels)],
      ['restart → accepting connections', recoveries.map((r) => formatMs(r.accepting)).join(', ')],
      ['accepting → first 200', recoveries.map((r) => formatMs(r.firstSuccess)).join(', ')],
      ['max latency', `${formatMs(maxLatency)} (deadline ${GATEWAY_DEADLINE_MS} ms)`],
      ['healthy call p99 before the first kill (added to the bars)', formatMs(healthyMs)],
    ]);

    expect(check.lost).toEqual([]);
    expect(check.unexpected).toEqual([]);
    expect(check.duplicates).toEqual([]);
    expect(check.reusedRequestIds).toBe(0);
    expect(check.acknowledged).toBeGreaterThan(0);
    expect(check.timedOutAttempts).toBe(0);
    expect(maxLatency).toBeLessThanOrEqual(GATEWAY_DEADLINE_MS + 1000 + healthyMs);
    for (const recovery of recoveries)
      expect(recovery.firstSuccess).toBeLessThanOrEqual(RECOVERY_LIMIT_MS + healthyMs);
    // While the database is down the gateway answers 503 (or 504 at its deadline), never a 500.
    expect(failureLabels.filter((label) => label !== '503' && label !== '504')).toEqual([]);
    expect(stack.planService.process.running()).toBe(true);
    expect(stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });

  it('negative control: with synchronous_commit=off the same checker finds lost plans', async () => {
    // Commits are acknowledged before their WAL is written; the WAL writer waits 10 s between
    // flushes, so each kill drops the acknowledged tail. The checker must report it.
    const db = await createScenarioDatabase({ migrated: true });
    await db.query(`alter database ${db.name} set synchronous_commit = off`);
    await db.query(`alter system set wal_writer_delay = '10s'`);
    await db.query('select pg_reload_conf()');
    const store = createPlanStore({
      databaseUrl: db.url,
      pool: { size: 0, maxOverflow: 16 },
      logger: { warn() {} },
    });
    const random = seededRandom(runSeed());
    const history: Attempt[] = [];
    let crashesDone = false;
    try {
      await Promise.all([
        crashOnSchedule([1500, 1500, 1500].map((afterMs) => ({ afterMs, downMs: 200 }))).then(() => {
          crashesDone = true;
        }),
        // Writing until the last crash, however long the restarts take on this machine.
        runWorkers(
          16,
          { durationMs: 600_000, maxIterations: 10_000, stopped: () => crashesDone },
          async (writer, n) => {
            const idempotencyKey = `control-${writer}-${n}`;
            const requestId = idempotencyKey;
            try {
              const plan = await store.plans.create({
                userWallet: randomWallet(random),
                destination: 'Paris',
                budget: 1000,
                planData: { writer, n },
                idempotencyKey,
              });
              history.push({ requestId, idempotencyKey, outcome: 'ok', planId: plan.id });
            } catch {
              history.push({ requestId, idempotencyKey, outcome: 'fail' });
              await sleep(50);
            }
          },
        ),
      ]);
      const check = checkSet(history, await readAllPlans(db));
      printTable('scenario 1, negative control: synchronous_commit=off, 3 kills', setCheckRows(check));
      expect(check.lost.length).toBeGreaterThan(0);
    } finally {
      await store.close();
      await faultServer().ensureRunning();
      await db.query('alter system reset wal_writer_delay');
      await db.query('select pg_reload_conf()');
      await db.drop();
    }
  });
});
