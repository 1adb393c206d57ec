// Scenario 3: 300 concurrent confirmations of a plan whose row is locked by another transaction,
// against a plan-service pool of 30 (10 + 20 overflow) with a 3 s acquire timeout. 30 calls hold a
// connection waiting on the lock; the rest wait for a connection and must fail 503 at the acquire
// timeout. PostgreSQL must never see more than 30 connections, and the pool must drain afterwards.
//
// Nothing here waits a fixed time for the machine: the lock is released once the excess has been
// answered (or at a cap below plan-service's own call limit), with a gateway deadline far beyond
// both, and how late a 503 may come is bounded by the same burst measured unblocked in the same
// run. On a busy machine both take longer, while a 503 that waited for anything but the acquire
// timeout (the lock, a deadline, a second timeout) still stands out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePlan,
  createHttpClient,
  createPlanFor,
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
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const POOL_SIZE = 10;
const MAX_OVERFLOW = 20;
const POOL_MAX = POOL_SIZE + MAX_OVERFLOW;
const ACQUIRE_TIMEOUT_MS = 3000;
// plan-store closes overflow connections idle this long (its default; no environment variable).
const IDLE_TIMEOUT_MS = 30_000;
const CALLS = 300;
// The lock is released once CALLS - POOL_MAX calls have been answered, or after this long at most:
// below plan-service's own limit on a call (10 s), so the calls holding a connection can still win.
const LOCK_HELD_MAX_MS = 8000;
// The gateway's deadline in this scenario: longer than anything the burst waits for, so that only
// the pool's acquire timeout, or a caller's own deadline, can end a call early.
const GATEWAY_DEADLINE_MS = 30_000;

describe('scenario 3: pool exhaustion (300 blocked calls, pool of 30)', () => {
  let stack: ScenarioStack;

  beforeAll(async () => {
    stack = await startScenarioStack({
      metrics: true,
      planServiceEnv: {
        DATABASE_POOL_SIZE: String(POOL_SIZE),
        DATABASE_MAX_OVERFLOW: String(MAX_OVERFLOW),
        DATABASE_POOL_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS),
      },
      gatewayEnv: { GATEWAY_REQUEST_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS) },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /**
   * `count` concurrent confirmations, each on a connection of its own opened for this burst (so no
   * burst inherits kept-alive connections the gateway may be closing); `onAnswer` sees how many
   * have been answered so far.
   */
  async function burst(
    planId: string,
    wallet: string,
    count: number,
    headers: Record<string, string>,
    onAnswer: (answered: number) => void = () => {},
  ) {
    let answered = 0;
    const burstClient = createHttpClient(stack.gateway.port, count);
    try {
      return await Promise.all(
        Array.from({ length: count }, () =>
          changePlan(
            burstClient,
            'confirm',
            { plan_id: planId, user_wallet: wallet },
            { headers, timeoutMs: GATEWAY_DEADLINE_MS + 5000 },
          ).then((result) => {
            onAnswer(++answered);
            return result;
          }),
        ),
      );
    } finally {
      burstClient.close();
    }
  }

  /**
   * The wall time of `count` concurrent confirmations of an unlocked plan: how long this machine
   * takes right now to carry such a burst through the gateway, plan-service and the pool. On a
   * machine too busy to carry it within the acquire timeout some calls fail; the time still counts.
   */
  async function unblockedBurst(wallet: string, count: number): Promise<{ ms: number; outcomes: string }> {
    const planId = await createPlanFor(stack.http, wallet);
    const started = performance.now();
    const results = await burst(planId, wallet, count, {});
    return { ms: performance.now() - started, outcomes: tally(results.map(outcomeLabel)) };
  }

  it('fails the excess with 503 at the acquire timeout, never exceeds 30 connections, and drains', async () => {
    const random = seededRandom(runSeed());
    const wallet = randomWallet(random);
    const baseline = await unblockedBurst(wallet, CALLS);
    const baselineMs = baseline.ms;
    const planId = await createPlanFor(stack.http, wallet);
    const planService = stack.planService.process;
    const metricsPort = stack.planService.metricsPort!;
    const rssBefore = planService.rssBytes();
    const backends = startSampler(100, () => stack.db.storeBackends());
    const rss = startSampler(100, async () => planService.rssBytes());

    const lock = await lockPlans(stack.db.adminUrl, [planId]);
    const started = Date.now();
    let excessAnswered = () => {};
    const excess = new Promise<void>((resolve) => {
      excessAnswered = resolve;
    });
    const [results, releasedAt] = await Promise.all([
      burst(planId, wallet, CALLS, {}, (answered) => answered >= CALLS - POOL_MAX && excessAnswered()),
      Promise.race([excess, sleep(LOCK_HELD_MAX_MS)]).then(() => lock.release()),
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
      ['lock released after', formatMs(releasedAt - started)],
      ['the same burst unblocked (baseline)', `${formatMs(baselineMs)}: ${baseline.outcomes}`],
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
    // Each waits for the acquire timeout. The first comes no later than the timeout plus what carrying
    // the whole burst costs on this machine now, and the last no later than that after the first:
    // the calls reach the pool over about that long, and each waits the timeout from then.
    const first503 = Math.min(...unavailableLatencies);
    expect(first503).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);
    expect(first503).toBeLessThanOrEqual(ACQUIRE_TIMEOUT_MS + baselineMs);
    expect(Math.max(...unavailableLatencies) - first503).toBeLessThanOrEqual(baselineMs);
    // The calls that got a connection needed the lock; the 503s never did.
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
    const baseline = await unblockedBurst(wallet, 100);
    const baselineMs = baseline.ms;
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
      ['the same burst unblocked (baseline)', `${formatMs(baselineMs)}: ${baseline.outcomes}`],
      ['no statement left running', String(stuck === true)],
    ]);
    expect(results.every((result) => result.status === 504)).toBe(true);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(deadlineMs - 50);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(deadlineMs + baselineMs);
    expect(Math.max(...latencies)).toBeLessThan(GATEWAY_DEADLINE_MS);
    expect(stuck).toBe(true);
  });
});
