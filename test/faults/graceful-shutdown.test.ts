// Scenario 5: SIGTERM with 50 calls in flight, first to the gateway, then to plan-service. The calls
// are held in flight by row locks on their plans, released about 1 s after the signal. Every
// in-flight call must complete, new calls during the drain must fail fast, the process must exit 0
// within its 10 s grace period, and no PostgreSQL connection may be left behind. A third case holds
// one kept-alive request for 4 s of its 5 s deadline: the gateway must still exit 0 within its grace.
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changePlan,
  createHttpClient,
  createPlanFor,
  generatePlan,
  type HttpResult,
  loggedAt,
  outcomeLabel,
  pollUntil,
  randomWallet,
  runSeed,
  type ServiceProcess,
  scrapeMetric,
  seededRandom,
  sleep,
  startGateway,
  startSampler,
} from '../support';
import { formatMs, printTable, tally } from './harness/report';
import { lockPlans } from './harness/row-lock';
import {
  GATEWAY_DEADLINE_MS,
  leakedSecrets,
  type ScenarioStack,
  startScenarioStack,
} from './harness/scenario-stack';

const IN_FLIGHT = 50;
const LOCK_AFTER_SIGNAL_MS = 1000;
const GRACE_MS = 10_000;
// Well inside the gateway's 5 s deadline, so the request is legitimately still running.
const LONG_REQUEST_AFTER_SIGNAL_MS = 4000;

/**
 * Resolves once `service` logged `message`: a call sent before the process handled the signal is
 * still accepted, legitimately, and would wait in the exhausted pool behind the locked calls.
 */
async function drainStarted(service: ServiceProcess, message: string): Promise<void> {
  const loggedTime = await pollUntil(async () => loggedAt(service, message), {
    timeoutMs: 5000,
    intervalMs: 10,
  });
  if (loggedTime === undefined) throw new Error(`${service.name} never logged "${message}"`);
}

describe('scenario 5: SIGTERM with 50 calls in flight', () => {
  let stack: ScenarioStack;

  beforeAll(async () => {
    stack = await startScenarioStack({ metrics: true });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** 50 plans of one wallet, row-locked, and a way to see their confirmations waiting on the locks. */
  async function lockedPlans(createPlan: (wallet: string) => Promise<string>) {
    const wallet = randomWallet(seededRandom(runSeed()));
    const planIds = await Promise.all(Array.from({ length: IN_FLIGHT }, () => createPlan(wallet)));
    const lock = await lockPlans(stack.db.adminUrl, planIds);
    // The pool has 30 connections: 30 calls wait on the locks, the other 20 for a connection.
    const waitingOnLocks = () =>
      pollUntil(
        async () => {
          const [row] = await stack.db.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`,
            [stack.db.name],
          );
          return Number(row?.n) >= 30 || undefined;
        },
        { timeoutMs: 5000 },
      );
    return { wallet, planIds, lock, waitingOnLocks };
  }

  it('gateway: finishes the 50 requests, refuses new ones at once, exits 0', async () => {
    const { wallet, planIds, lock, waitingOnLocks } = await lockedPlans((owner) =>
      createPlanFor(stack.http, owner),
    );
    const inFlightClient = createHttpClient(stack.gateway.port, IN_FLIGHT);
    const lateClient = createHttpClient(stack.gateway.port, 4);
    const gateway = stack.gateway.process;
    try {
      const inFlight = Promise.all(
        planIds.map((planId) =>
          changePlan(
            inFlightClient,
            'confirm',
            { plan_id: planId, user_wallet: wallet },
            { timeoutMs: 15_000 },
          ),
        ),
      );
      expect(await waitingOnLocks()).toBe(true);
      const sigtermAt = gateway.signal('SIGTERM');
      await drainStarted(gateway, 'shutting down: waiting for in-flight requests');
      const late = startSampler(100, async () => {
        const result: HttpResult = await generatePlan(
          lateClient,
          { destination: 'Paris', budget: 5000, user_wallet: wallet },
          { timeoutMs: 5000 },
        );
        return { label: outcomeLabel(result), latencyMs: result.latencyMs };
      });
      await sleep(LOCK_AFTER_SIGNAL_MS);
      const releasedAt = await lock.release();
      const results = await inFlight;
      const lastResponseAt = Math.max(...results.map((r) => r.endedAt));
      const exit = await gateway.exited;
      const lateSamples = (await late.stop()).filter((sample) => sample.at < releasedAt);
      const busy = await scrapeMetric(
        stack.planService.metricsPort!,
        'plan_service_db_pool_connections{state="busy"}',
      );
      const backends = await stack.db.storeBackends();

      printTable('scenario 5a: SIGTERM to the gateway with 50 requests in flight', [
        ['in-flight responses', tally(results.map(outcomeLabel))],
        ['new requests during the drain', tally(lateSamples.map((s) => s.value.label))],
        ['slowest refusal', formatMs(Math.max(0, ...lateSamples.map((s) => s.value.latencyMs)))],
        ['exit', `code ${exit.code} after ${formatMs(exit.at - sigtermAt)}`],
        ['exit after the last in-flight response', formatMs(exit.at - lastResponseAt)],
        ['plan-service pool busy afterwards', String(busy)],
        ['plan-store backends afterwards', JSON.stringify(backends.byState)],
      ]);
      expect(results.map((r) => r.status)).toEqual(planIds.map(() => 200));
      expect(lateSamples.length).toBeGreaterThan(0);
      expect(lateSamples.every((s) => s.value.label !== '200' && s.value.latencyMs <= 1000)).toBe(true);
      expect(exit.code).toBe(0);
      expect(exit.at - sigtermAt).toBeLessThanOrEqual(GRACE_MS);
      expect(busy).toBe(0);
      expect(Object.keys(backends.byState).filter((state) => state !== 'idle')).toEqual([]);
      expect(leakedSecrets([gateway])).toEqual([]);
    } finally {
      inFlightClient.close();
      lateClient.close();
    }
  });

  it('gateway: a kept-alive request busy for 4 s of its 5 s deadline still lets it exit 0 in the grace period', async () => {
    // The first test stopped the stack's gateway; this one gets a gateway of its own.
    const gateway = await startGateway({
      planServiceAddress: stack.planService.address,
      env: { GATEWAY_REQUEST_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS) },
    });
    const client = createHttpClient(gateway.port, 1);
    try {
      const wallet = randomWallet(seededRandom(runSeed()));
      const planId = await createPlanFor(client, wallet);
      const lock = await lockPlans(stack.db.adminUrl, [planId]);
      const inFlight = changePlan(
        client,
        'confirm',
        { plan_id: planId, user_wallet: wallet },
        { timeoutMs: 15_000 },
      );
      await sleep(300);
      const sigtermAt = gateway.process.signal('SIGTERM');
      await sleep(LONG_REQUEST_AFTER_SIGNAL_MS);
      await lock.release();
      const result = await inFlight;
      const exit = await gateway.process.exited;
      printTable('scenario 5c: SIGTERM to the gateway with one request busy for 4 s of its deadline', [
        [
          'in-flight response',
          `${result.status} after ${formatMs(result.endedAt - sigtermAt)} from the signal`,
        ],
        ['exit', `code ${exit.code} after ${formatMs(exit.at - sigtermAt)} (grace ${GRACE_MS / 1000} s)`],
        ['exit after the response', formatMs(exit.at - result.endedAt)],
      ]);
      expect(result.status).toBe(200);
      expect(exit.code).toBe(0);
      expect(exit.at - sigtermAt).toBeLessThanOrEqual(GRACE_MS);
    } finally {
      client.close();
      await gateway.process.stop();
    }
  });

  it('plan-service: finishes the 50 calls, refuses new ones at once, exits 0, leaves no connection', async () => {
    const planService = stack.planService.process;
    const grpc = createPlanServiceClient({ address: stack.planService.address, defaultTimeoutMs: 15_000 });
    const lateGrpc = createPlanServiceClient({ address: stack.planService.address, defaultTimeoutMs: 5000 });
    try {
      // The gateway is gone after the first test: plans are made over gRPC.
      const { wallet, planIds, lock, waitingOnLocks } = await lockedPlans(async (owner) => {
        const { plan } = await grpc.generatePlan({ destination: 'Paris', budget: 5000, userWallet: owner });
        return plan!.id;
      });
      const inFlight = Promise.all(
        planIds.map((planId) =>
          grpc.confirmPlan({ planId, userWallet: wallet }).then(
            () => 'OK',
            (err: { codeName?: string }) => err.codeName ?? 'ERROR',
          ),
        ),
      );
      expect(await waitingOnLocks()).toBe(true);
      const sigtermAt = planService.signal('SIGTERM');
      await drainStarted(planService, 'shutting down');
      const late = startSampler(100, async () => {
        const started = performance.now();
        const code = await lateGrpc.listUserPlans({ userWallet: wallet }).then(
          () => 'OK',
          (err: { codeName?: string }) => err.codeName ?? 'ERROR',
        );
        return { code, latencyMs: performance.now() - started };
      });
      await sleep(LOCK_AFTER_SIGNAL_MS);
      const releasedAt = await lock.release();
      const codes = await inFlight;
      const exit = await planService.exited;
      const lateSamples = (await late.stop()).filter((sample) => sample.at < releasedAt);
      const leaked = await pollUntil(
        async () => ((await stack.db.storeBackends()).total === 0 ? 0 : undefined),
        { timeoutMs: 2000 },
      );

      printTable('scenario 5b: SIGTERM to plan-service with 50 gRPC calls in flight', [
        ['in-flight calls', tally(codes)],
        ['new calls during the drain', tally(lateSamples.map((s) => s.value.code))],
        ['slowest refusal', formatMs(Math.max(0, ...lateSamples.map((s) => s.value.latencyMs)))],
        ['exit', `code ${exit.code} after ${formatMs(exit.at - sigtermAt)}`],
        ['plan-store backends afterwards', String(leaked ?? (await stack.db.storeBackends()).total)],
      ]);
      expect(codes).toEqual(planIds.map(() => 'OK'));
      expect(lateSamples.length).toBeGreaterThan(0);
      expect(lateSamples.every((s) => s.value.code === 'UNAVAILABLE' && s.value.latencyMs <= 1000)).toBe(
        true,
      );
      expect(exit.code).toBe(0);
      expect(exit.at - sigtermAt).toBeLessThanOrEqual(GRACE_MS);
      expect(leaked).toBe(0);
      expect(leakedSecrets([planService])).toEqual([]);
    } finally {
      grpc.close();
      lateGrpc.close();
    }
  });
});
