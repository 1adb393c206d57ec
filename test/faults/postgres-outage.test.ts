// Scenario 2: PostgreSQL is shut down for 15 s under light load. Calls must fail fast with 503,
// health must say so (gRPC NOT_SERVING, /health 503 naming the database), and everything must be
// back within 5 s of the restart.
import { createPlanServiceClient, type PlanServiceClient } from '@travel-planner/plan-service/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpResult,
  listOrGenerate,
  outcomeLabel,
  randomWallet,
  runSeed,
  runWorkers,
  type Sample,
  seededRandom,
  sleep,
  startSampler,
} from '../support';
import { faultServer } from './harness/database';
import { awaitHealthyCalls, healthyLatencyMs } from './harness/healthy-latency';
import { countBy, formatMs, percentile, printTable, tally } from './harness/report';
import {
  GATEWAY_DEADLINE_MS,
  leakedSecrets,
  type ScenarioStack,
  startScenarioStack,
} from './harness/scenario-stack';

// 30 s in the reliability plan; 15 s keeps the suite within its time budget and still spans many
// health-check intervals and pool reconnect attempts.
const OUTAGE_MS = 15_000;
const WARM_UP_MS = 1500;
const AFTER_MS = 7000;
const CLIENTS = 8;
const BACK_WITHIN_MS = 5000;

/** Milliseconds from `since` to the first sample at or after it that satisfies `matches`. */
function firstAfter<T>(samples: Sample<T>[], since: number, matches: (value: T) => boolean): number {
  const hit = samples.find((sample) => sample.at >= since && matches(sample.value));
  return hit === undefined ? Number.POSITIVE_INFINITY : hit.at - since;
}

describe('scenario 2: PostgreSQL stopped for 15 s', () => {
  let stack: ScenarioStack;
  let grpc: PlanServiceClient;

  beforeAll(async () => {
    stack = await startScenarioStack();
    grpc = createPlanServiceClient({ address: stack.planService.address, defaultTimeoutMs: 1000 });
  });

  afterAll(async () => {
    grpc?.close();
    await faultServer().ensureRunning();
    await stack?.stop();
  });

  it('fails fast with 503 while it is down, reports it in health, and is back within 5 s', async () => {
    const server = faultServer();
    const random = seededRandom(runSeed());
    const wallets = Array.from({ length: CLIENTS }, () => randomWallet(random));
    const grpcHealth = startSampler(100, () =>
      grpc.checkHealth().catch((err: { codeName?: string }) => err.codeName ?? 'ERROR'),
    );
    let grpcOk = 0;
    const grpcCalls = startSampler(100, async () => {
      const started = performance.now();
      const code = await grpc
        .listUserPlans({ userWallet: wallets[0] })
        .then(() => 'OK')
        .catch((err: { codeName?: string }) => err.codeName ?? 'ERROR');
      if (code === 'OK') grpcOk += 1;
      return { code, latencyMs: performance.now() - started };
    });
    const httpHealth = startSampler(250, () =>
      stack.http.call({ method: 'GET', path: '/health', timeoutMs: 3000 }),
    );
    const calls: HttpResult[] = [];
    let loadEnd = Number.POSITIVE_INFINITY;
    const load = runWorkers(
      CLIENTS,
      { durationMs: 300_000, maxIterations: 20_000, stopped: () => Date.now() >= loadEnd },
      async (client, n) => {
        const wallet = wallets[client]!;
        const timeoutMs = GATEWAY_DEADLINE_MS + 3000;
        calls.push(
          await listOrGenerate(stack.http, wallet, n, { destination: 'Rome', budget: 4000 }, { timeoutMs }),
        );
        await sleep(10);
      },
    );

    await sleep(WARM_UP_MS);
    // The baselines of both clients need healthy calls, however slow the machine is.
    await awaitHealthyCalls(() => Math.min(calls.filter((call) => call.status === 200).length, grpcOk));
    const stoppingAt = Date.now();
    await server.stop();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS - (stoppedAt - stoppingAt));
    const restartingAt = Date.now();
    loadEnd = restartingAt + AFTER_MS;
    const acceptingAt = await server.start();
    await load;
    const grpcSamples = await grpcHealth.stop();
    const httpSamples = await httpHealth.stop();
    const grpcCallSamples = await grpcCalls.stop();

    const healthyHttpMs = healthyLatencyMs(
      calls.filter((call) => call.status === 200 && call.endedAt < stoppingAt).map((call) => call.latencyMs),
    );
    const healthyGrpcMs = healthyLatencyMs(
      grpcCallSamples
        .filter((sample) => sample.value.code === 'OK' && sample.at < stoppingAt)
        .map((sample) => sample.value.latencyMs),
    );
    const backWithinMs = BACK_WITHIN_MS + healthyHttpMs;
    const duringOutage = calls.filter((call) => call.startedAt >= stoppedAt && call.endedAt <= restartingAt);
    const failed = calls.filter((call) => call.status !== 200);
    const failedLatencies = failed.map((call) => call.latencyMs);
    const lateFailures = calls.filter(
      (call) => call.startedAt >= acceptingAt + backWithinMs && call.status !== 200,
    );
    const notServingAfter = firstAfter(grpcSamples, stoppingAt, (status) => status === 'NOT_SERVING');
    const servingAfter = firstAfter(grpcSamples, acceptingAt, (status) => status === 'SERVING');
    const healthOkAfter = firstAfter(httpSamples, acceptingAt, (result) => result.status === 200);
    const firstSuccessAfter = Math.min(
      ...calls
        .filter((call) => call.status === 200 && call.startedAt >= acceptingAt)
        .map((call) => call.endedAt - acceptingAt),
    );
    const outageHealth = httpSamples.filter(
      (sample) => sample.at >= stoppingAt + 2000 && sample.at < restartingAt,
    );
    const healthNamingDatabase = outageHealth.filter(({ value }) => {
      const body = value.body as { response?: string; checks?: { database?: string } } | undefined;
      return (
        value.status === 503 &&
        body?.checks?.database === 'error' &&
        body.response?.includes('database') === true
      );
    });
    const outageGrpc = grpcSamples.filter(
      (sample) => sample.at >= stoppingAt + 2000 && sample.at < restartingAt,
    );
    const outageGrpcCalls = grpcCallSamples.filter(
      (sample) => sample.at >= stoppedAt + 100 && sample.at < restartingAt,
    );
    const failureCounts = countBy(failed.map(outcomeLabel));

    printTable('scenario 2: PostgreSQL stopped (fast shutdown) for 15 s, 8 clients', [
      ['requests', `${calls.length} (${duringOutage.length} started and ended during the outage)`],
      ['healthy p99 before the stop, HTTP / gRPC', `${formatMs(healthyHttpMs)} / ${formatMs(healthyGrpcMs)}`],
      ['failed', `${failed.length}: ${tally(failed.map(outcomeLabel))}`],
      [
        'failed latency p50 / p99 / max',
        [50, 99, 100].map((p) => formatMs(percentile(failedLatencies, p))).join(' / '),
      ],
      [
        'gRPC ListUserPlans in outage: UNAVAILABLE',
        `${outageGrpcCalls.filter((s) => s.value.code === 'UNAVAILABLE').length}/${outageGrpcCalls.length}, max ${formatMs(Math.max(...outageGrpcCalls.map((s) => s.value.latencyMs)))}`,
      ],
      ['gRPC health NOT_SERVING after stop', formatMs(notServingAfter)],
      [
        '/health samples in outage: 503 naming database',
        `${healthNamingDatabase.length}/${outageHealth.length}`,
      ],
      ['gRPC health SERVING after restart', formatMs(servingAfter)],
      ['/health 200 after restart', formatMs(healthOkAfter)],
      ['first 200 after restart', formatMs(firstSuccessAfter)],
      ['failures later than 5 s (+ healthy p99) after restart', lateFailures.length],
    ]);

    expect(duringOutage.length).toBeGreaterThan(0);
    expect(duringOutage.every((call) => call.status === 503)).toBe(true);
    expect([...failureCounts.keys()]).toEqual(['503']);
    expect(percentile(failedLatencies, 99)).toBeLessThanOrEqual(1000 + healthyHttpMs);
    expect(outageGrpcCalls.length).toBeGreaterThan(0);
    expect(
      outageGrpcCalls.every(
        (sample) => sample.value.code === 'UNAVAILABLE' && sample.value.latencyMs <= 1000 + healthyGrpcMs,
      ),
    ).toBe(true);
    expect(notServingAfter).toBeLessThanOrEqual(2000 + healthyGrpcMs);
    expect(outageGrpc.every((sample) => sample.value === 'NOT_SERVING')).toBe(true);
    expect(outageHealth.length).toBeGreaterThan(0);
    expect(healthNamingDatabase.length).toBe(outageHealth.length);
    expect(servingAfter).toBeLessThanOrEqual(backWithinMs);
    expect(healthOkAfter).toBeLessThanOrEqual(backWithinMs);
    expect(firstSuccessAfter).toBeLessThanOrEqual(backWithinMs);
    expect(lateFailures).toEqual([]);
    expect(stack.planService.process.running() && stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });
});
