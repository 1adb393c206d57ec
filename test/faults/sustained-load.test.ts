// Scenario 11: 45 s of mixed traffic at 32 connections through the gateway (70% list, 20% generate,
// 10% confirm): no errors at all, and neither process grows (RSS at the end within 1.5× of the
// start, measured after a warm-up).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePlan,
  generatePlan,
  type HttpResult,
  listPlans,
  planIdOf,
  randomWallet,
  runSeed,
  runWorkers,
  seededRandom,
} from '../support';
import { formatMb, formatMs, percentile, printTable } from './harness/report';
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const CONNECTIONS = 32;
// 60 s in the reliability plan; 45 s (5 s warm-up + 40 s measured) keeps the suite in its budget.
const WARM_UP_MS = 5000;
const MEASURED_MS = 40_000;
const RSS_GROWTH_LIMIT = 1.5;

type Operation = 'list' | 'generate' | 'confirm';

describe('scenario 11: sustained mixed load', () => {
  let stack: ScenarioStack;

  beforeAll(async () => {
    stack = await startScenarioStack({ maxSockets: CONNECTIONS });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('serves 45 s of 70/20/10 list/generate/confirm at 32 connections without an error or growth', async () => {
    const random = seededRandom(runSeed());
    const wallets = Array.from({ length: CONNECTIONS }, () => randomWallet(random));
    const ownPlans: string[][] = wallets.map(() => []);
    const calls: Array<{ operation: Operation; result: HttpResult; measured: boolean }> = [];
    let measuring = false;

    const step = async (worker: number) => {
      const wallet = wallets[worker]!;
      const plans = ownPlans[worker]!;
      const roll = random.next();
      const operation: Operation =
        plans.length === 0 || (roll >= 0.7 && roll < 0.9) ? 'generate' : roll < 0.7 ? 'list' : 'confirm';
      const result =
        operation === 'list'
          ? await listPlans(stack.http, wallet)
          : operation === 'generate'
            ? await generatePlan(stack.http, {
                destination: random.pick(['Paris', 'Tokyo', 'Rome']),
                budget: 5000,
                user_wallet: wallet,
              })
            : await changePlan(stack.http, 'confirm', { plan_id: random.pick(plans), user_wallet: wallet });
      const planId = planIdOf(result);
      if (operation === 'generate' && planId !== undefined) plans.push(planId);
      calls.push({ operation, result, measured: measuring });
    };

    await runWorkers(CONNECTIONS, { durationMs: WARM_UP_MS, maxIterations: 100_000 }, step);
    const rssStart = {
      gateway: stack.gateway.process.rssBytes(),
      planService: stack.planService.process.rssBytes(),
    };
    measuring = true;
    const started = Date.now();
    await runWorkers(CONNECTIONS, { durationMs: MEASURED_MS, maxIterations: 100_000 }, step);
    const elapsedMs = Date.now() - started;
    const rssEnd = {
      gateway: stack.gateway.process.rssBytes(),
      planService: stack.planService.process.rssBytes(),
    };

    const measured = calls.filter((call) => call.measured);
    const errors = calls.filter((call) => call.result.status !== 200);
    const latency = (operation?: Operation) => {
      const values = measured
        .filter((c) => operation === undefined || c.operation === operation)
        .map((c) => c.result.latencyMs);
      return `${values.length} requests, p50 ${formatMs(percentile(values, 50))}, p99 ${formatMs(percentile(values, 99))}`;
    };
    printTable('scenario 11: 5 s warm-up + 40 s measured, 32 connections, 70/20/10 list/generate/confirm', [
      ['throughput', `${(measured.length / (elapsedMs / 1000)).toFixed(0)} requests/s`],
      ['all', latency()],
      ['list', latency('list')],
      ['generate', latency('generate')],
      ['confirm', latency('confirm')],
      ['errors (warm-up included)', `${errors.length} of ${calls.length}`],
      ['gateway RSS start / end', `${formatMb(rssStart.gateway)} / ${formatMb(rssEnd.gateway)}`],
      ['plan-service RSS start / end', `${formatMb(rssStart.planService)} / ${formatMb(rssEnd.planService)}`],
    ]);
    expect(errors.map((call) => call.result.error ?? call.result.status)).toEqual([]);
    expect(rssEnd.gateway).toBeLessThanOrEqual(rssStart.gateway * RSS_GROWTH_LIMIT);
    expect(rssEnd.planService).toBeLessThanOrEqual(rssStart.planService * RSS_GROWTH_LIMIT);
    expect(stack.planService.process.running() && stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });
});
