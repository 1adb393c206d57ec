// Memory soak: plan-service and the gateway, each in a process of its own as deployed, under
// steady mixed traffic (70% list, 20% generate, 10% confirm) for a long time. Every sample asks
// both processes for a full garbage collection and prints heap-after-GC, external memory and RSS,
// so a heap that keeps climbing (a leak) shows apart from one that levels off after warm-up.
import { createPlanStore } from '@travel-planner/plan-store';
import {
  changePlan,
  createHttpClient,
  createScratchDatabase,
  generatePlan,
  type HttpClient,
  listPlans,
  type MemoryFigures,
  planIdOf,
  randomWallet,
  runWorkers,
  type ServiceProcess,
  seededRandom,
  sleep,
  startGateway,
  startPlanService,
} from '../../../test/support';

/** Options of {@link runSoakBench}. */
export interface SoakBenchOptions {
  /** Server to run on; the scratch database `plan_bench_soak` is created and dropped. */
  databaseUrl: string;
  /** How long the load runs after the warm-up. */
  durationMs: number;
  /** Concurrent HTTP connections. */
  concurrency: number;
}

const SCRATCH = 'plan_bench_soak';
const WARM_UP_MS = 20_000;
const SAMPLES = 10;
// A wallet's list grows with every plan generated for it; a fresh wallet after this many plans
// keeps a list call's cost the same from the first minute to the last.
const PLANS_PER_WALLET = 20;
const MB = 1024 * 1024;

interface Sample {
  elapsedMs: number;
  requests: number;
  gateway: MemoryFigures;
  planService: MemoryFigures;
}

/** Load of one worker: its current wallet and that wallet's plans. */
interface WorkerState {
  wallet: string;
  plans: string[];
}

function mixedTraffic(http: HttpClient, concurrency: number) {
  const random = seededRandom(1);
  const workers: WorkerState[] = Array.from({ length: concurrency }, () => ({
    wallet: randomWallet(random),
    plans: [],
  }));
  const counts = { requests: 0, failed: 0 };
  const step = async (worker: number) => {
    const state = workers[worker]!;
    const roll = random.next();
    let result: Awaited<ReturnType<typeof listPlans>>;
    if (state.plans.length === 0 || (roll >= 0.7 && roll < 0.9)) {
      result = await generatePlan(http, { destination: 'Paris', budget: 5000, user_wallet: state.wallet });
      const planId = planIdOf(result);
      if (planId !== undefined) state.plans.push(planId);
      if (state.plans.length >= PLANS_PER_WALLET)
        workers[worker] = { wallet: randomWallet(random), plans: [] };
    } else if (roll < 0.7) {
      result = await listPlans(http, state.wallet);
    } else {
      result = await changePlan(http, 'confirm', {
        plan_id: random.pick(state.plans),
        user_wallet: state.wallet,
      });
    }
    counts.requests += 1;
    if (result.status !== 200) counts.failed += 1;
  };
  return { counts, step };
}

const mb = (bytes: number) => (bytes / MB).toFixed(1).padStart(7);

function printSample(sample: Sample): void {
  const cells = (m: MemoryFigures) => `${mb(m.heapUsed)} ${mb(m.external)} ${mb(m.rss)}`;
  console.log(
    `${(sample.elapsedMs / 1000).toFixed(0).padStart(6)} ${String(sample.requests).padStart(9)}   ${cells(sample.gateway)}   ${cells(sample.planService)}`,
  );
}

/** Growth of heap-after-GC + external memory between two samples, in bytes. */
function retainedGrowth(from: MemoryFigures, to: MemoryFigures): number {
  return to.heapUsed + to.external - (from.heapUsed + from.external);
}

function printVerdict(name: string, samples: Sample[], pick: (s: Sample) => MemoryFigures): void {
  const first = samples[0]!;
  const middle = samples[Math.floor((samples.length - 1) / 2)]!;
  const last = samples.at(-1)!;
  const firstHalf = retainedGrowth(pick(first), pick(middle));
  const secondHalf = retainedGrowth(pick(middle), pick(last));
  const requests = last.requests - middle.requests;
  console.log(
    `${name}: retained memory (heap after GC + external) ${mb(firstHalf)} MB over the first half, ` +
      `${mb(secondHalf)} MB over the second (${(secondHalf / Math.max(1, requests)).toFixed(1)} bytes per request); ` +
      `RSS ${mb(pick(first).rss)} → ${mb(pick(last).rss)} MB`,
  );
}

async function memoryOf(gateway: ServiceProcess, planService: ServiceProcess) {
  const [g, p] = await Promise.all([gateway.memory(), planService.memory()]);
  return { gateway: g, planService: p };
}

/**
 * Runs the soak: a warm-up, then `durationMs` of load with {@link SAMPLES} memory samples of both
 * processes, and a summary of how much retained memory grew in each half of the run.
 */
export async function runSoakBench(options: SoakBenchOptions): Promise<void> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const store = createPlanStore({ databaseUrl: scratch.url, logger: { warn() {} } });
  const cleanups: Array<() => unknown> = [() => scratch.drop(), () => store.close()];
  try {
    await store.migrate.latest();
    // Warnings only: the services' output is kept by this process, and info logs a line per call.
    const planService = await startPlanService({
      databaseUrl: scratch.url,
      memoryProbe: true,
      env: { LOG_LEVEL: 'warn' },
    });
    cleanups.push(() => planService.process.stop());
    const gateway = await startGateway({
      planServiceAddress: planService.address,
      memoryProbe: true,
      env: { LOG_LEVEL: 'warn' },
    });
    cleanups.push(() => gateway.process.stop());
    const http = createHttpClient(gateway.port, options.concurrency);
    cleanups.push(() => http.close());

    const traffic = mixedTraffic(http, options.concurrency);
    await runWorkers(options.concurrency, { durationMs: WARM_UP_MS, maxIterations: Infinity }, traffic.step);
    const warm = await memoryOf(gateway.process, planService.process);
    if (!warm.gateway.collected || !warm.planService.collected)
      throw new Error('the services run without --expose-gc');

    console.log(
      `soak: ${options.concurrency} connections, 70/20/10 list/generate/confirm, ${(options.durationMs / 1000).toFixed(0)} s after a ${WARM_UP_MS / 1000} s warm-up; MB after a full GC`,
    );
    console.log('     s  requests   gateway heap    ext     rss   plan-service heap    ext     rss');
    const started = Date.now();
    const requestsAtStart = traffic.counts.requests;
    const samples: Sample[] = [{ elapsedMs: 0, requests: 0, ...warm }];
    printSample(samples[0]!);
    let running = true;
    const load = runWorkers(
      options.concurrency,
      { durationMs: options.durationMs, maxIterations: Infinity, stopped: () => !running },
      traffic.step,
    );
    for (let i = 1; i <= SAMPLES; i++) {
      await sleep(started + (options.durationMs * i) / SAMPLES - Date.now());
      const sample: Sample = {
        elapsedMs: Date.now() - started,
        requests: traffic.counts.requests - requestsAtStart,
        ...(await memoryOf(gateway.process, planService.process)),
      };
      samples.push(sample);
      printSample(sample);
    }
    running = false;
    await load;
    printVerdict('gateway', samples, (s) => s.gateway);
    printVerdict('plan-service', samples, (s) => s.planService);
    console.log(`failed responses: ${traffic.counts.failed} of ${traffic.counts.requests}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}
