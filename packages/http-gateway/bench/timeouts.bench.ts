// How often a 504 leaves a stored plan. POST /generate_plan through the whole stack (gateway →
// gRPC → plan-service → PostgreSQL) with X-Request-Timeout-Ms around one request's latency, each
// request with a wallet of its own; afterwards, every 504 whose wallet has a row is a plan stored
// although the caller was told it timed out (and whose retry without Idempotency-Key would store it
// twice). The baseline, in the same run, is the same stack without the answer reserve and the
// return trip: plan-service commits whenever its deadline has not passed yet.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     node --conditions=@travel-planner/source --import tsx packages/http-gateway/bench/timeouts.bench.ts
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { createPlanService, PLAN_SERVICE_DEFAULTS } from '@travel-planner/plan-service';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { pino } from 'pino';
import { createScratchDatabase } from '../../../test/support';
import { createGateway, GATEWAY_DEFAULTS } from '../src/index';

/** Options of {@link runTimeoutBench}. */
export interface TimeoutBenchOptions {
  /** Server to run on (any database of it); the scratch database `plan_bench_timeouts` is created and dropped. */
  databaseUrl: string;
  /** Requests per contender. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
}

/** The load the figure is quoted for: enough requests for a stable share, a handful in flight. */
export const TIMEOUT_BENCH_LOAD = Object.freeze({ requests: 600, concurrency: 8 });

const SCRATCH = 'plan_bench_timeouts';
const WARM_UP_REQUESTS = 200;
// Deadlines are spread from half to twice the median latency, so that some calls finish in time,
// some time out early and many time out around their COMMIT.
const DEADLINE_SPREAD = [0.5, 2] as const;
// Time for commits still in flight when the last answer arrived.
const SETTLE_MS = 500;

/** The deadline settings of one contender. */
interface DeadlineSettings {
  answerReserveMs: number;
  returnTripMs: number;
}

const DEFAULT_SETTINGS: DeadlineSettings = {
  answerReserveMs: PLAN_SERVICE_DEFAULTS.answerReserveMs,
  returnTripMs: GATEWAY_DEFAULTS.returnTripMs,
};
// The behaviour before the reserve: commit whenever the deadline has not passed yet.
const NO_RESERVE: DeadlineSettings = { answerReserveMs: 0, returnTripMs: 0 };

interface Outcome {
  wallet: string;
  status: number;
  latencyMs: number;
}

/** The figures of one contender. */
export interface TimeoutFigures {
  requests: number;
  ok: number;
  timeouts: number;
  /** 504s whose plan was stored nonetheless. */
  storedTimeouts: number;
}

const randomWallet = () => `0x${randomBytes(20).toString('hex')}`;

async function post(base: string, wallet: string, deadlineMs?: number): Promise<Outcome> {
  const started = performance.now();
  const response = await fetch(`${base}/generate_plan`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(deadlineMs === undefined ? {} : { 'x-request-timeout-ms': String(deadlineMs) }),
    },
    body: JSON.stringify({ destination: 'Paris', budget: 2000, user_wallet: wallet }),
  });
  await response.arrayBuffer();
  return { wallet, status: response.status, latencyMs: performance.now() - started };
}

/** Runs `count` requests, `concurrency` at a time. */
async function load(
  count: number,
  concurrency: number,
  request: (i: number) => Promise<Outcome>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) outcomes.push(await request(next++));
    }),
  );
  return outcomes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs `work` against a whole stack over `store` with `settings`, then stops the stack. */
async function withStack<T>(
  store: PlanStore,
  settings: DeadlineSettings,
  work: (base: string) => Promise<T>,
): Promise<T> {
  const service = createPlanService({
    store,
    logger: pino({ level: 'silent' }),
    answerReserveMs: settings.answerReserveMs,
  });
  const port = await service.listen('127.0.0.1:0');
  const client = createPlanServiceClient({ address: `127.0.0.1:${port}` });
  const app = await createGateway({
    planService: client,
    logger: false,
    metrics: false,
    returnTripMs: settings.returnTripMs,
  });
  try {
    return await work(await app.listen({ port: 0, host: '127.0.0.1' }));
  } finally {
    await app.close();
    client.close();
    await service.shutdown({ graceMs: 1000 });
  }
}

/** Sends the requests with their deadlines and counts the 504s whose plan was stored. */
async function countStoredTimeouts(
  store: PlanStore,
  base: string,
  options: TimeoutBenchOptions,
  deadlines: readonly number[],
): Promise<TimeoutFigures> {
  const outcomes = await load(deadlines.length, options.concurrency, (i) =>
    post(base, randomWallet(), deadlines[i]),
  );
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const timedOut = outcomes.filter((o) => o.status === 504).map((o) => o.wallet);
  const { rows } = await store.knex.raw<{ rows: { n: number }[] }>(
    'select count(*)::int as n from plans where user_wallet = any(?)',
    [timedOut],
  );
  return {
    requests: outcomes.length,
    ok: outcomes.filter((o) => o.status === 200).length,
    timeouts: timedOut.length,
    storedTimeouts: rows[0]?.n ?? 0,
  };
}

const share = (figures: TimeoutFigures) =>
  figures.timeouts === 0 ? 0 : figures.storedTimeouts / figures.timeouts;

function row(name: string, figures: TimeoutFigures): string {
  return [
    name.padEnd(26),
    String(figures.requests).padStart(8),
    String(figures.ok).padStart(6),
    String(figures.timeouts).padStart(6),
    String(figures.storedTimeouts).padStart(12),
    `${(share(figures) * 100).toFixed(1)}%`.padStart(10),
  ].join(' ');
}

/**
 * Measures how many 504s left a stored plan with plan-service's and the gateway's default
 * deadline settings and without them (the baseline), and prints both and their ratio.
 */
export async function runTimeoutBench(
  options: TimeoutBenchOptions,
): Promise<{ reserved: TimeoutFigures; baseline: TimeoutFigures }> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const store = createPlanStore({
    databaseUrl: scratch.url,
    pool: { size: 10, maxOverflow: 20 },
    logger: { warn() {} },
  });
  try {
    await store.migrate.latest();
    // One request's latency under this load, without a deadline.
    const warmUp = await withStack(store, DEFAULT_SETTINGS, (base) =>
      load(WARM_UP_REQUESTS, options.concurrency, () => post(base, randomWallet())),
    );
    if (warmUp.some((o) => o.status !== 200)) throw new Error('a warm-up request failed');
    const latencyMs = median(warmUp.map((o) => o.latencyMs));
    const [low, high] = DEADLINE_SPREAD;
    // The same deadlines, in the same order, for both contenders.
    const deadlines = Array.from({ length: options.requests }, () =>
      Math.max(1, Math.round(latencyMs * (low + Math.random() * (high - low)))),
    );
    const baseline = await withStack(store, NO_RESERVE, (base) =>
      countStoredTimeouts(store, base, options, deadlines),
    );
    const reserved = await withStack(store, DEFAULT_SETTINGS, (base) =>
      countStoredTimeouts(store, base, options, deadlines),
    );

    console.log(
      `median latency ${latencyMs.toFixed(1)} ms at ${options.concurrency} in flight; deadlines ${Math.min(...deadlines)}–${Math.max(...deadlines)} ms`,
    );
    console.log(
      `${'contender'.padEnd(26)} ${'requests'.padStart(8)} ${'200'.padStart(6)} ${'504'.padStart(6)} ${'504 + stored'.padStart(12)} ${'share'.padStart(10)}`,
    );
    console.log(row('no reserve (baseline)', baseline));
    console.log(
      row(
        `reserve ${DEFAULT_SETTINGS.answerReserveMs} ms, trip ${DEFAULT_SETTINGS.returnTripMs} ms`,
        reserved,
      ),
    );
    const ratio = share(baseline) === 0 ? Number.NaN : share(reserved) / share(baseline);
    console.log(
      `504s that left a plan: ${(share(reserved) * 100).toFixed(1)}% (target under 33.3%), baseline ${(share(baseline) * 100).toFixed(1)}%, ratio ${ratio.toFixed(2)}`,
    );
    return { reserved, baseline };
  } finally {
    await store.close();
    await scratch.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runTimeoutBench({
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    ...TIMEOUT_BENCH_LOAD,
  });
}
