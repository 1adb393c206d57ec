// Scenario 4: plan-service is stopped (SIGTERM) and started again on the same port while clients
// keep calling the gateway. The gateway must reconnect by itself; calls in the gap fail fast with
// 503, and after a short settle window none fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpResult,
  listOrGenerate,
  loggedAt,
  outcomeLabel,
  type PlanServiceProcess,
  randomWallet,
  runSeed,
  runWorkers,
  seededRandom,
  sleep,
  startPlanService,
} from '../support';
import { awaitHealthyCalls, healthyLatencyMs } from './harness/healthy-latency';
import { countBy, formatMs, percentile, printTable, tally } from './harness/report';
import {
  GATEWAY_DEADLINE_MS,
  leakedSecrets,
  type ScenarioStack,
  startScenarioStack,
} from './harness/scenario-stack';

const CLIENTS = 16;
const WARM_UP_MS = 1500;
const AFTER_MS = 6000;
// How long after the new plan-service listens the gateway may still fail calls: the client retries a
// refused connection at most 2 s apart (its reconnect backoff cap, ±20% jitter), plus a margin.
const SETTLE_MS = 2500;

describe('scenario 4: plan-service restarted under gateway load', () => {
  let stack: ScenarioStack;
  let restarted: PlanServiceProcess | undefined;

  beforeAll(async () => {
    stack = await startScenarioStack();
  });

  afterAll(async () => {
    await restarted?.process.stop();
    await stack?.stop();
  });

  it('fails fast with 503 during the gap and recovers without help from the gateway', async () => {
    const random = seededRandom(runSeed());
    const wallets = Array.from({ length: CLIENTS }, () => randomWallet(random));
    const calls: HttpResult[] = [];
    let loadEnd = Number.POSITIVE_INFINITY;
    const limits = { durationMs: 60_000, maxIterations: 50_000, stopped: () => Date.now() >= loadEnd };
    const load = runWorkers(CLIENTS, limits, async (client, n) => {
      const wallet = wallets[client]!;
      const timeoutMs = GATEWAY_DEADLINE_MS + 3000;
      calls.push(
        await listOrGenerate(stack.http, wallet, n, { destination: 'Lisbon', budget: 3000 }, { timeoutMs }),
      );
      await sleep(10);
    });

    await sleep(WARM_UP_MS);
    await awaitHealthyCalls(() => calls.filter((call) => call.status === 200).length);
    const old = stack.planService;
    const sigtermAt = old.process.signal('SIGTERM');
    const exit = await old.process.exited;
    restarted = await startPlanService({ databaseUrl: stack.db.url, port: old.port });
    // The new process logs when it starts listening, a moment before the readiness poll sees it.
    const readyAt = loggedAt(restarted.process, 'plan-service listening') ?? Date.now();
    await sleep(AFTER_MS);
    loadEnd = Date.now();
    await load;

    const healthyMs = healthyLatencyMs(
      calls.filter((call) => call.status === 200 && call.endedAt < sigtermAt).map((call) => call.latencyMs),
    );
    const gap = calls.filter((call) => call.startedAt >= exit.at && call.endedAt <= readyAt);
    const gapFailures = gap.filter((call) => call.status !== 200);
    const firstSuccess = Math.min(
      ...calls.filter((call) => call.status === 200 && call.startedAt >= readyAt).map((call) => call.endedAt),
    );
    const lateFailures = calls.filter(
      (call) => call.startedAt >= readyAt + SETTLE_MS + healthyMs && call.status !== 200,
    );
    const failureLabels = calls.filter((c) => c.status !== 200).map(outcomeLabel);
    const failureLatencies = calls.filter((c) => c.status !== 200).map((c) => c.latencyMs);
    printTable('scenario 4: plan-service SIGTERM + restart on the same port, 16 gateway clients', [
      ['requests', calls.length],
      ['healthy call p99 before SIGTERM (added to the bars)', formatMs(healthyMs)],
      ['plan-service exit', `code ${exit.code} after ${formatMs(exit.at - sigtermAt)}`],
      ['gap (SIGTERM → new process listening)', formatMs(readyAt - sigtermAt)],
      ['calls inside the gap', `${gap.length}, of which failed ${gapFailures.length}`],
      ['failures', tally(failureLabels)],
      [
        'failure latency p50 / p99 / max',
        [50, 99, 100].map((p) => formatMs(percentile(failureLatencies, p))).join(' / '),
      ],
      ['gateway settle (listening → first 200)', formatMs(firstSuccess - readyAt)],
      [`failures later than the ${SETTLE_MS / 1000} s settle window`, lateFailures.length],
    ]);

    expect(exit.code).toBe(0);
    expect(gap.length).toBeGreaterThan(0);
    expect(gapFailures.length).toBe(gap.length);
    expect([...countBy(failureLabels).keys()]).toEqual(['503']);
    expect(Math.max(...failureLatencies)).toBeLessThanOrEqual(1000 + healthyMs);
    expect(firstSuccess - readyAt).toBeLessThanOrEqual(SETTLE_MS + healthyMs);
    expect(lateFailures).toEqual([]);
    expect(stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([old.process, restarted.process, stack.gateway.process])).toEqual([]);
  });
});
