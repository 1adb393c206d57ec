// Analytics: the summary of a whole year at 10^4 and 10^6 plans (a year of events), and what keeping
// the figures current costs generate + confirm throughput, against the same run with the analytics
// triggers disabled.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     node --conditions=@travel-planner/source --import tsx packages/plan-store/bench/analytics.bench.ts
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { seedAnalytics } from '../../../scripts/analytics-seed';
import { createScratchDatabase } from '../../../scripts/scratch-database';

export interface AnalyticsBenchOptions {
  /** Server to run on (a superuser: the seed loads with triggers off); a scratch database is made and dropped. */
  databaseUrl: string;
  /** How long each throughput measurement runs. */
  durationMs: number;
  /** Concurrent callers in the throughput measurement. */
  concurrency: number;
}

const SCRATCH = 'plan_bench_analytics';
const DAYS = 365;
const WALLET = `0x${'be'.repeat(20)}`;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

async function reseed(raw: pg.Pool, plans: number): Promise<void> {
  await raw.query('truncate plans cascade');
  const client = await raw.connect();
  try {
    await seedAnalytics(client, { plans, days: DAYS, triggersOff: true });
  } finally {
    client.release();
  }
  await raw.query('vacuum analyze');
}

// The year up to today, the widest range a summary answers.
async function summaryLatency(store: PlanStore): Promise<{ p50: number; p95: number }> {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const samples: number[] = [];
  for (let i = 0; i < 250; i++) {
    const started = performance.now();
    await store.analytics.summary({ from, to });
    samples.push(performance.now() - started);
  }
  const measured = samples.slice(50); // the first 50 warm the caches
  return { p50: percentile(measured, 0.5), p95: percentile(measured, 0.95) };
}

async function summaryAtScale(store: PlanStore, raw: pg.Pool): Promise<void> {
  await reseed(raw, 10_000);
  const small = await summaryLatency(store);
  let started = performance.now();
  await reseed(raw, 1_000_000);
  const seedSeconds = (performance.now() - started) / 1000;
  const large = await summaryLatency(store);
  const events = (await raw.query<{ n: string }>('select count(*) as n from plan_events')).rows[0]?.n;
  const rollupRows = (await raw.query<{ n: string }>('select count(*) as n from analytics_plan_cohorts'))
    .rows[0]?.n;
  console.log(
    `summary of ${DAYS} days, p50 / p95: 10^4 plans ${small.p50.toFixed(2)} / ${small.p95.toFixed(2)} ms, ` +
      `10^6 plans (${events} events, ${rollupRows} cohort rows) ${large.p50.toFixed(2)} / ${large.p95.toFixed(2)} ms; ` +
      `p95 ratio ${(large.p95 / small.p95).toFixed(2)} (targets: p95 <= 50 ms at 10^6, ratio <= 3); ` +
      `seed + rebuild of 10^6 took ${seedSeconds.toFixed(0)} s`,
  );
  started = performance.now();
  await raw.query('select analytics_rebuild()');
  console.log(`analytics_rebuild() at 10^6 plans: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// `concurrency` callers, each creating a plan and confirming it, for `durationMs`: pairs per second.
async function pairsPerSecond(store: PlanStore, durationMs: number, concurrency: number): Promise<number> {
  let pairs = 0;
  const end = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (performance.now() < end) {
        const plan = await store.plans.create({
          userWallet: WALLET,
          // Few destinations: every caller writes the same day's figures of the same destinations.
          destination: caller % 2 === 0 ? 'Paris' : 'Tokyo',
          budget: 2000,
          planData: { grand_total: 1234.5 },
        });
        await store.plans.confirm(plan.id, { userWallet: WALLET });
        pairs++;
      }
    }),
  );
  return pairs / ((performance.now() - started) / 1000);
}

async function setTriggers(raw: pg.Pool, enabled: boolean): Promise<void> {
  const verb = enabled ? 'enable' : 'disable';
  await raw.query(
    `alter table plans ${verb} trigger analytics_track_plan; alter table plan_events ${verb} trigger analytics_track_event`,
  );
}

async function writeCost(store: PlanStore, raw: pg.Pool, options: AnalyticsBenchOptions): Promise<void> {
  // The service folds changes every 5 s; here every second, so the cost of compaction is counted too.
  const compactor = setInterval(() => void store.analytics.compact().catch(() => {}), 1000);
  const rounds = { with: [] as number[], without: [] as number[] };
  try {
    // Alternate, so drift on a shared machine hits both alike.
    for (let round = 0; round < 3; round++) {
      await setTriggers(raw, false);
      rounds.without.push(await pairsPerSecond(store, options.durationMs / 2, options.concurrency));
      await setTriggers(raw, true);
      rounds.with.push(await pairsPerSecond(store, options.durationMs / 2, options.concurrency));
    }
  } finally {
    clearInterval(compactor);
    await setTriggers(raw, true);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const withFigures = mean(rounds.with);
  const without = mean(rounds.without);
  console.log(
    `generate + confirm pairs/s at ${options.concurrency} callers: without analytics ${without.toFixed(0)}, ` +
      `with analytics ${withFigures.toFixed(0)}, cost ${((1 - withFigures / without) * 100).toFixed(1)}% (target <= 10%)`,
  );
}

export async function runAnalyticsBench(options: AnalyticsBenchOptions): Promise<void> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const store = createPlanStore({
    databaseUrl: scratch.url,
    logger: { warn() {} },
    pool: { size: options.concurrency, maxOverflow: 0 },
  });
  const raw = new pg.Pool({ connectionString: scratch.url, max: 2 });
  try {
    await store.migrate.latest();
    await summaryAtScale(store, raw);
    await writeCost(store, raw, options);
  } finally {
    await store.close();
    await raw.end();
    await scratch.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runAnalyticsBench({
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    durationMs: Number(process.env.BENCH_DURATION_MS ?? 4000),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
  });
}
