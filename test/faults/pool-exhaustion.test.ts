// Scenario 3: 300 concurrent confirmations of a plan whose row is locked by another transaction,
// against a plan-service pool of 30 (10 + 20 overflow) with a 3 s acquire timeout. 30 calls hold a
// connection waiting on the lock; the rest wait for a connection and must fail 503 at the acquire
// timeout. PostgreSQL must never see more than 30 connections, and the pool must drain afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePlan,
  createHttpClient,
  createPlanFor,
  type HttpClient,
  type HttpResult,
  outcomeLabel,
  pollUntil,
  randomWallet,
  runSeed,
  scrapeMetric,
  seededRandom,
  sleep,
  startSampler,
} from '../support';
import { formatMb, formatMs, percentile, printTable, tally } from './harness/report';
import { lockPlans } from './harness/row-lock';
import {
  GATEWAY_DEADLINE_MS,
  leakedSecrets,
  type ScenarioStack,
  startScenarioStack,
} from './harness/scenario-stack';

const POOL_SIZE = 10;
const MAX_OVERFLOW = 20;
const POOL_MAX = POOL_SIZE + MAX_OVERFLOW;
const ACQUIRE_TIMEOUT_MS = 3000;
// plan-store closes overflow connections idle this long (its default; no environment variable).
const IDLE_TIMEOUT_MS = 30_000;
const CALLS = 300;
// Released after the acquire timeout fired and before the gateway's 5 s deadline.
const LOCK_HELD_MS = 4000;

describe('scenario 3: pool exhaustion (300 blocked calls, pool of 30)', () => {
  let stack: ScenarioStack;
  let burstClient: HttpClient;

  beforeAll(async () => {
    stack = await startScenarioStack({
      metrics: true,
      planServiceEnv: {
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        DATABASE_MAX_OVERFLOW: String(MAX_OVERFLOW),
        DATABASE_POOL_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
      },
    });
    burstClient = createHttpClient(stack.gateway.port, CALLS + 10);
  });

  afterAll(async () => {
    burstClient?.close();
    await stack?.stop();
  });

  async function burst(planId: string, wallet: string, count: number, headers: Record<string, string>) {
    return Promise.all(
      Array.from({ length: count }, () =>
        changePlan(
          burstClient,
          'confirm',
          { plan_id: planId, user_wallet: wallet },
          { headers, timeoutMs: 15_000 },
        ),
      ),
    );
  }

  it('fails the excess with 503 at the acquire timeout, never exceeds 30 connections, and drains', async () => {
    const random = seededRandom(runSeed());
    const wallet = randomWallet(random);
    const planId = await createPlanFor(stack.http, wallet);
    const planService = stack.planService.process;
    const metricsPort = stack.planService.metricsPort!;
    const rssBefore = planService.rssBytes();
    const backends = startSampler(100, () => stack.db.storeBackends());
    const rss = startSampler(100, async () => planService.rssBytes());

    const lock = await lockPlans(stack.db.adminUrl, [planId]);
    const started = Date.now();
    const [results, releasedAt] = await Promise.all([
      burst(planId, wallet, CALLS, {}),
      sleep(LOCK_HELD_MS).then(() => lock.release()),
    ]);
    const burstMs = Date.now() - started;
    const pending = await pollUntil(
      async () => {
        const [busy, waiting] = await Promise.all([
          scrapeMetric(metricsPort, 'plan_service_db_pool_connections{state="busy"}'),
          scrapeMetric(metricsPort, 'plan_service_db_pool_connections{state="pending"}'),
        ]);
        return busy === 0 && waiting === 0 ? { busy, waiting } : undefined;
      },
      { timeoutMs: 5000, intervalMs: 100 },
    );
    const peakBackends = Math.max(...(await backends.stop()).map((sample) => sample.value.total));
    const peakRss = Math.max(...(await rss.stop()).map((sample) => sample.value));

    // Overflow connections close after the idle timeout; then only the pool's 10 remain.
    const drainStarted = Date.now();
    const drained = await pollUntil(
      async () =>
        (await stack.db.storeBackends()).total <= POOL_SIZE ? Date.now() - drainStarted : undefined,
      { timeoutMs: IDLE_TIMEOUT_MS + 6000, intervalMs: 250 },
    );
    const afterwards = await Promise.all(
      Array.from({ length: 20 }, () =>
        createPlanFor(stack.http, wallet).then(
          () => 200,
          () => 0,
        ),
      ),
    );
    const rssAfter = planService.rssBytes();

    const unavailable = results.filter((result) => result.status === 503);
    const succeeded = results.filter((result) => result.status === 200);
    const unavailableLatencies = unavailable.map((result) => result.latencyMs);
    printTable('scenario 3: 300 confirmations blocked on a row lock, pool 10+20, acquire timeout 3 s', [
      ['responses', tally(results.map(outcomeLabel))],
      [
        '503 latency min / p50 / p99 / max',
        [0, 50, 99, 100]
          .map((p) =>
            formatMs(p === 0 ? Math.min(...unavailableLatencies) : percentile(unavailableLatencies, p)),
          )
          .join(' / '),
      ],
      [
        '200s completed after the lock was released',
        `${succeeded.filter((r) => r.endedAt >= releasedAt).length}/${succeeded.length}`,
      ],
      ['burst wall time', formatMs(burstMs)],
      ['peak plan-store backends', `${peakBackends} (pool max ${POOL_MAX})`],
      [
        'pool busy / pending after the burst',
        pending ? `${pending.busy} / ${pending.waiting}` : 'not drained in 5 s',
      ],
      ['backends back to ≤ 10 after', drained === undefined ? 'never' : formatMs(drained)],
      ['new calls after the burst', tally(afterwards)],
      ['plan-service RSS before / peak / after', [rssBefore, peakRss, rssAfter].map(formatMb).join(' / ')],
    ]);

    expect(results.every((result) => result.status === 200 || result.status === 503)).toBe(true);
    expect(succeeded.length).toBeGreaterThan(0);
    expect(succeeded.length).toBeLessThanOrEqual(POOL_MAX);
    expect(unavailable.length).toBeGreaterThanOrEqual(CALLS - POOL_MAX);
    // Each waits for the acquire timeout (plus a little scheduling), never up to the deadline.
    expect(Math.min(...unavailableLatencies)).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);
    expect(Math.max(...unavailableLatencies)).toBeLessThanOrEqual(ACQUIRE_TIMEOUT_MS * 1.1 + 500);
    expect(succeeded.every((result) => result.endedAt >= releasedAt)).toBe(true);
    expect(peakBackends).toBeLessThanOrEqual(POOL_MAX);
    expect(pending).toEqual({ busy: 0, waiting: 0 });
    expect(drained).toBeDefined();
    expect(afterwards.every((status) => status === 200)).toBe(true);
    expect(peakRss - rssBefore).toBeLessThanOrEqual(100 * 1024 * 1024);
    expect(planService.running() && stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([planService, stack.gateway.process])).toEqual([]);
  });

  it('answers 504 at the caller deadline when it is shorter than the acquire timeout', async () => {
    const random = seededRandom(runSeed());
    const wallet = randomWallet(random);
    const planId = await createPlanFor(stack.http, wallet);
    const deadlineMs = 1500;
    const lock = await lockPlans(stack.db.adminUrl, [planId]);
    let results: HttpResult[];
    try {
      results = await burst(planId, wallet, 100, { 'x-request-timeout-ms': String(deadlineMs) });
    } finally {
      await lock.release();
    }
    const latencies = results.map((result) => result.latencyMs);
    // Statements still waiting on the lock would show up as active backends.
    const stuck = await pollUntil(
      async () => ((await stack.db.storeBackends()).byState.active ?? 0) === 0 || undefined,
      { timeoutMs: 2000 },
    );
    printTable('scenario 3b: 100 blocked confirmations with X-Request-Timeout-Ms: 1500', [
      ['responses', tally(results.map(outcomeLabel))],
      [
        'latency min / p50 / max',
        [Math.min(...latencies), percentile(latencies, 50), Math.max(...latencies)].map(formatMs).join(' / '),
      ],
      ['no statement left running', String(stuck === true)],
    ]);
    expect(results.every((result) => result.status === 504)).toBe(true);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(deadlineMs - 50);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(deadlineMs + 1000);
    expect(Math.max(...latencies)).toBeLessThan(GATEWAY_DEADLINE_MS);
    expect(stuck).toBe(true);
  });
});
