// The Redis cache, measured end to end: two plan-service processes over one database, one with
// REDIS_URL and one without, under the same load in the same run. 10,000 wallets with 3 plans
// each; a 95:5 read:write mix whose wallets and plans follow a Zipf-like skew (s = 1). Prints
// req/s, p50 and p99 of each with and without the cache, their ratio, the cache's hit ratio in the
// measured window (from plan-service's /metrics), and what invalidation adds to a write.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     node --conditions=@travel-planner/source --import tsx packages/http-gateway/bench/cache.bench.ts
import { pathToFileURL } from 'node:url';
import { createPlanServiceClient, type PlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore, MAX_PAGE_SIZE } from '@travel-planner/plan-store';
import pg from 'pg';
import { createScratchDatabase, startLocalRedis, startPlanService } from '../../../test/support';
import { type LoadResult, load as loadCalls } from '../../plan-service/bench/grpc.bench';
import { createGateway } from '../src/index';
import { type Endpoint, type Figures, load as loadHttp } from './http.bench';

/** Options of {@link runCacheBench}. */
export interface CacheBenchOptions {
  /** Server to run on (any database of it); the scratch database `plan_bench_cache` is created and dropped. */
  databaseUrl: string;
  /** How long each load runs, per contender, after a warm-up of half as long. */
  durationMs: number;
  /** Requests in flight. */
  concurrency: number;
}

const SCRATCH = 'plan_bench_cache';
const WALLETS = 10_000;
const PLANS_PER_WALLET = 3;
const WRITE_SHARE = 0.05;
const ZIPF_EXPONENT = 1;
// Distinct requests autocannon cycles through: many more than the hot set, so the mix holds.
const HTTP_REQUESTS = 20_000;
const PLAN_DATA = JSON.stringify({
  flights: [
    { from_location: 'JFK', to_location: 'CDG', airline: 'Air France', dates: '2027-01-01', price: 640 },
  ],
  hotels: [{ name: 'Hotel Le Marais', location: 'Paris', price_per_night: 150, nights: 7, total: 1050 }],
  activities: ['Eiffel Tower visit', 'Louvre Museum tour', 'Seine River cruise'],
  total_cost: 1690,
  platform_fee: 33.8,
  grand_total: 1723.8,
});

/** A seeded generator (mulberry32), so both contenders see the same requests in every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ranks 0..n-1 drawn with probability proportional to 1 / (rank + 1)^s. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let rank = 0; rank < n; rank += 1) {
    sum += 1 / (rank + 1) ** s;
    cumulative[rank] = sum;
  }
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

interface Owned {
  id: string;
  wallet: string;
}

/** Inserts the plans; returns them grouped by wallet, hottest wallet (rank 0) first. */
async function fill(url: string): Promise<Owned[][]> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await pool.query(
      `insert into plans (user_wallet, destination, budget, plan_data, created_at)
       select '0x' || lpad(to_hex(w), 40, '0'), 'City ' || (w % 97), 2000, $2::jsonb, now() - (p || ' minutes')::interval
         from generate_series(1, $1::int) w, generate_series(1, $3::int) p`,
      [WALLETS, PLAN_DATA, PLANS_PER_WALLET],
    );
    // The insert queued a change row per plan for the analytics rollups: folded here, with the
    // table vacuumed, so that neither lands in the first measured window.
    await pool.query('select analytics_rebuild()');
    await pool.query('vacuum analyze plans');
    const { rows } = await pool.query<{ id: string; user_wallet: string }>(
      'select id, user_wallet from plans order by user_wallet, created_at desc',
    );
    const byWallet: Owned[][] = [];
    for (let i = 0; i < rows.length; i += PLANS_PER_WALLET) {
      byWallet.push(
        rows.slice(i, i + PLANS_PER_WALLET).map((row) => ({ id: row.id, wallet: row.user_wallet })),
      );
    }
    return byWallet;
  } finally {
    await pool.end();
  }
}

type CacheCounts = Record<string, number>;

/** plan-service's cache read counters by result (hit, miss, bypass, error). */
async function cacheCounts(metricsPort: number): Promise<CacheCounts> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const counts: CacheCounts = {};
  for (const match of text.matchAll(/^plan_service_cache_reads_total\{result="(\w+)"\} (\d+)/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

/** The hit ratio between two scrapes, and the counts behind it. */
function windowOf(before: CacheCounts, after: CacheCounts): { hitRatio: number; counts: string } {
  const delta = Object.fromEntries(
    Object.keys(after).map((key) => [key, (after[key] ?? 0) - (before[key] ?? 0)]),
  );
  const total = Object.values(delta).reduce((sum, value) => sum + value, 0);
  return {
    hitRatio: (delta.hit ?? 0) / Math.max(1, total),
    counts: Object.entries(delta)
      .map(([key, value]) => `${key} ${value}`)
      .join(', '),
  };
}

interface Row {
  name: string;
  without: { rps: number; p50: number; p99: number };
  with: { rps: number; p50: number; p99: number };
  hitRatio?: number;
  counts?: string;
}

const fromHttp = (figures: Figures) => ({ rps: figures.rps, p50: figures.p50, p99: figures.p99 });
const fromCalls = (result: LoadResult) => ({
  rps: result.callsPerSecond,
  p50: result.p50Ms,
  p99: result.p99Ms,
});

function printRows(rows: readonly Row[]): void {
  const widths = [34, 9, 7, 7, 9, 7, 7, 6, 6];
  const line = (cells: (string | number)[]) =>
    cells
      .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[0]!) : String(cell).padStart(widths[i]!)))
      .join(' ');
  console.log(
    line(['load', 'off req/s', 'p50 ms', 'p99 ms', 'on req/s', 'p50 ms', 'p99 ms', 'ratio', 'hits']),
  );
  for (const row of rows) {
    console.log(
      line([
        row.name,
        row.without.rps.toFixed(0),
        row.without.p50.toFixed(2),
        row.without.p99.toFixed(2),
        row.with.rps.toFixed(0),
        row.with.p50.toFixed(2),
        row.with.p99.toFixed(2),
        (row.with.rps / row.without.rps).toFixed(2),
        row.hitRatio === undefined ? '' : `${(row.hitRatio * 100).toFixed(1)}%`,
      ]),
    );
  }
}

/**
 * Runs the cache benchmark: get_user_plans over HTTP and GetPlan over gRPC at a 95:5 read:write
 * mix, then ConfirmPlan alone, each against plan-service with and without the cache.
 */
export async function runCacheBench(options: CacheBenchOptions): Promise<void> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const cleanups: Array<() => Promise<unknown> | undefined> = [];
  try {
    const store = createPlanStore({ databaseUrl: scratch.url, logger: { warn() {} }, cache: false });
    await store.migrate.latest();
    await store.close();
    const byWallet = await fill(scratch.url);
    const redis = await startLocalRedis();
    cleanups.push(() => redis.stop());

    // Each plan-service runs in a process of its own, as it is deployed.
    const [cached, plain] = (await Promise.all(
      [{ REDIS_URL: redis.url }, { REDIS_URL: '' }].map(async (env) => {
        const service = await startPlanService({ databaseUrl: scratch.url, metrics: true, env });
        const client = createPlanServiceClient({ address: service.address, defaultTimeoutMs: 5000 });
        cleanups.push(async () => {
          client.close();
          await service.process.stop();
        });
        return { client, metricsPort: service.metricsPort! };
      }),
    )) as [
      { client: PlanServiceClient; metricsPort: number },
      { client: PlanServiceClient; metricsPort: number },
    ];
    const metricsPort = cached.metricsPort;
    const gateways = await Promise.all(
      [plain.client, cached.client].map(async (client) => {
        const app = await createGateway({ planService: client, logger: false, metrics: false });
        await app.listen({ port: 0, host: '127.0.0.1' });
        cleanups.push(() => app.close());
        const address = app.server.address();
        return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      }),
    );
    const [plainUrl, cachedUrl] = gateways as [string, string];

    const random = seededRandom(20261130);
    const walletRank = zipf(WALLETS, ZIPF_EXPONENT, random);
    const planRank = zipf(WALLETS * PLANS_PER_WALLET, ZIPF_EXPONENT, random);
    const planAt = (rank: number) => byWallet[Math.floor(rank / PLANS_PER_WALLET)]![rank % PLANS_PER_WALLET]!;
    const confirmBody = (plan: Owned) => JSON.stringify({ plan_id: plan.id, user_wallet: plan.wallet });

    // get_user_plans: 95% lists of Zipf-chosen wallets, 5% confirms of one of that wallet's plans.
    const listMix: Endpoint = {
      name: 'get_user_plans 95:5 (HTTP)',
      requests: Array.from({ length: HTTP_REQUESTS }, () => {
        const plans = byWallet[walletRank()]!;
        return random() < WRITE_SHARE
          ? {
              method: 'POST' as const,
              path: '/confirm_plan',
              headers: { 'content-type': 'application/json' },
              body: confirmBody(plans[Math.floor(random() * plans.length)]!),
            }
          : { method: 'GET' as const, path: `/get_user_plans/${plans[0]!.wallet}` };
      }),
    };
    // GetPlan: 95% reads of Zipf-chosen plans, 5% confirms of such plans.
    const getMix = (client: PlanServiceClient) => () => {
      const plan = planAt(planRank());
      return random() < WRITE_SHARE
        ? client.confirmPlan({ planId: plan.id, userWallet: plan.wallet })
        : client.getPlan({ planId: plan.id });
    };
    // ListUserPlans without the gateway: the same 95:5 mix of first pages and confirms, over gRPC,
    // so the cache's effect shows apart from the HTTP hop's cost.
    const listCallMix = (client: PlanServiceClient) => () => {
      const plans = byWallet[walletRank()]!;
      return random() < WRITE_SHARE
        ? client.confirmPlan({
            planId: plans[Math.floor(random() * plans.length)]!.id,
            userWallet: plans[0]!.wallet,
          })
        : client.listUserPlans({ userWallet: plans[0]!.wallet, pageSize: MAX_PAGE_SIZE });
    };
    // Writes alone: confirms (no-op successes after the first) of hot plans; with the cache, each
    // one also deletes the plan's and the wallet's version keys.
    const confirms = (client: PlanServiceClient) => () => {
      const plan = planAt(planRank());
      return client.confirmPlan({ planId: plan.id, userWallet: plan.wallet });
    };

    // A service that has run for a while holds every key that is read at all: fill the cache the
    // way plan-service would (same Redis, same keys; the gateway asks for pages of MAX_PAGE_SIZE
    // when the client gives no limit, as the old frontend does) right before measuring, as values
    // expire after 60 s. Without it, the few seconds measured here would mostly count cold misses.
    const warm = async (reads: Array<(store: ReturnType<typeof createPlanStore>) => Promise<unknown>>) => {
      const filler = createPlanStore({
        databaseUrl: scratch.url,
        logger: { warn() {} },
        pool: { size: 0, maxOverflow: 8 },
        cache: { url: redis.url, timeoutMs: 5000 },
      });
      let next = 0;
      try {
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < reads.length) await reads[next++]!(filler);
          }),
        );
      } finally {
        await filler.close(); // waits for the fills in flight
      }
    };
    // The first page of every wallet, as the gateway asks for it.
    const walletPageReads = byWallet.map(
      ([plan]) =>
        (store: ReturnType<typeof createPlanStore>) =>
          store.plans.listByWallet(plan!.wallet, { limit: MAX_PAGE_SIZE }),
    );
    const seconds = Math.max(1, Math.round(options.durationMs / 1000));
    const warmSeconds = Math.max(1, Math.round(seconds / 2));
    const n = options.concurrency;
    const rows: Row[] = [];

    await loadHttp(plainUrl, listMix, warmSeconds, n);
    await loadHttp(cachedUrl, listMix, warmSeconds, n);
    const listOff = await loadHttp(plainUrl, listMix, seconds, n);
    await warm(walletPageReads);
    const before = await cacheCounts(metricsPort);
    const listOn = await loadHttp(cachedUrl, listMix, seconds, n);
    rows.push({
      name: listMix.name,
      without: fromHttp(listOff),
      with: fromHttp(listOn),
      ...windowOf(before, await cacheCounts(metricsPort)),
    });
    if (listOff.failed + listOn.failed > 0) {
      console.log(`  ! failed responses: without ${listOff.failed}, with ${listOn.failed}`);
    }

    // A gRPC load with and without the cache: both warmed up, then measured, the cache filled with
    // `reads` right before its own measurement.
    const compareCalls = async (
      name: string,
      mix: (client: PlanServiceClient) => () => Promise<unknown>,
      reads: Array<(store: ReturnType<typeof createPlanStore>) => Promise<unknown>>,
    ) => {
      await loadCalls('warm', mix(plain.client), options.durationMs / 2, n);
      await loadCalls('warm', mix(cached.client), options.durationMs / 2, n);
      const off = await loadCalls(name, mix(plain.client), options.durationMs, n);
      await warm(reads);
      const counted = await cacheCounts(metricsPort);
      const on = await loadCalls(name, mix(cached.client), options.durationMs, n);
      rows.push({
        name: `${name} 95:5 (gRPC)`,
        without: fromCalls(off),
        with: fromCalls(on),
        ...windowOf(counted, await cacheCounts(metricsPort)),
      });
      return off.errors + on.errors;
    };
    let errors = await compareCalls('ListUserPlans', listCallMix, walletPageReads);
    errors += await compareCalls(
      'GetPlan',
      getMix,
      byWallet.flat().map((plan) => (store) => store.plans.get(plan.id)),
    );

    const writeOff = await loadCalls('ConfirmPlan', confirms(plain.client), options.durationMs, n);
    const writeOn = await loadCalls('ConfirmPlan', confirms(cached.client), options.durationMs, n);
    rows.push({ name: 'ConfirmPlan only (gRPC)', without: fromCalls(writeOff), with: fromCalls(writeOn) });
    errors += writeOff.errors + writeOn.errors;

    console.log(
      `plan-service without and with the Redis cache: ${WALLETS} wallets x ${PLANS_PER_WALLET} plans, ` +
        `Zipf s=${ZIPF_EXPONENT}, ${n} in flight, ${seconds} s per load and contender after a warm-up`,
    );
    printRows(rows);
    if (errors > 0) console.log(`  ! failed calls: ${errors}`);
    const [list, listCalls, get, write] = rows as [Row, Row, Row, Row];
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    for (const row of [list, listCalls, get]) {
      const ratio = row.with.rps / row.without.rps;
      console.log(`${row.name}: cache reads in the measured window: ${row.counts}`);
      console.log(
        `${row.name}: hit ratio ${((row.hitRatio ?? 0) * 100).toFixed(1)}% (target >= 90%: ${verdict((row.hitRatio ?? 0) >= 0.9)}), ` +
          `throughput ${ratio.toFixed(2)}x (target >= 1.5x: ${verdict(ratio >= 1.5)}), ` +
          `p99 ${row.without.p99.toFixed(2)} -> ${row.with.p99.toFixed(2)} ms`,
      );
    }
    console.log(
      `invalidation adds ${(write.with.p50 - write.without.p50).toFixed(2)} ms to a write's p50 ` +
        `(${(write.with.p99 - write.without.p99).toFixed(2)} ms at p99); write throughput ${(write.with.rps / write.without.rps).toFixed(2)}x`,
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await scratch.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runCacheBench({
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    durationMs: Number(process.env.BENCH_DURATION_MS ?? 4000),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
  });
}
