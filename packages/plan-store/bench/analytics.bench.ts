// Analytics: the summary of a whole year at 10^4 and 10^6 plans (a year of events), and what keeping
// the figures current costs generate + confirm throughput, against the same run with the analytics
// triggers disabled.
//
// Alone: `pnpm bench analytics`.
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { seedAnalytics } from '../../../scripts/analytics-seed';
import { createScratchDatabase } from '../../../test/support';

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

async function seed(url: string, plans: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await seedAnalytics(client, { plans, days: DAYS, triggersOff: true });
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

// The year up to today, the widest range a summary answers.
const YEAR = {
  to: new Date().toISOString().slice(0, 10),
  from: new Date(Date.now() - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10),
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

// Samples alternate between the two sizes, so load from elsewhere on a shared machine hits both alike.
async function summaryAtScale(small: PlanStore, large: PlanStore): Promise<void> {
  const samples = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < 400; i++) {
    const s = await timed(() => small.analytics.summary(YEAR));
    const l = await timed(() => large.analytics.summary(YEAR));
    if (i < 100) continue; // the first 100 warm the caches
    samples.small.push(s);
    samples.large.push(l);
  }
  const count = async (table: string) =>
    (await large.knex.raw(`select count(*) as n from ${table}`)).rows[0].n as string;
  const p = (values: number[], q: number) => percentile(values, q).toFixed(2);
  const ratio = percentile(samples.large, 0.95) / percentile(samples.small, 0.95);
  console.log(
    `summary of ${DAYS} days, p50 / p95: 10^4 plans ${p(samples.small, 0.5)} / ${p(samples.small, 0.95)} ms, ` +
      `10^6 plans (${await count('plan_events')} events, ${await count('analytics_plan_cohorts')} cohort rows) ` +
      `${p(samples.large, 0.5)} / ${p(samples.large, 0.95)} ms; p95 ratio ${ratio.toFixed(2)} ` +
      '(targets: p95 <= 50 ms at 10^6, ratio <= 3)',
  );
  const rebuildMs = await timed(() => large.knex.raw('select analytics_rebuild()'));
  console.log(`analytics_rebuild() at 10^6 plans: ${(rebuildMs / 1000).toFixed(1)} s`);
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
    `alter table plans ${verb} trigger analytics_track_plan, ${verb} trigger analytics_track_plan_delete;
     alter table plan_events ${verb} trigger analytics_track_event`,
  );
}

async function writeCost(store: PlanStore, raw: pg.Pool, options: AnalyticsBenchOptions): Promise<void> {
  // The service folds changes every 5 s; here every second, so the cost of compaction is counted too.
  const compactor = setInterval(() => void store.analytics.compact().catch(() => {}), 1000);
  const rounds = { with: [] as number[], without: [] as number[] };
  try {
    // Alternate, so drift on a shared machine hits both alike.
    for (let round = 0; round < 5; round++) {
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

async function scratchStore(options: AnalyticsBenchOptions, name: string) {
  const scratch = await createScratchDatabase(options.databaseUrl, name);
  const store = createPlanStore({
    databaseUrl: scratch.url,
    logger: { warn() {} },
    pool: { size: options.concurrency, maxOverflow: 0 },
  });
  await store.migrate.latest();
  return {
    store,
    url: scratch.url,
    async drop() {
      await store.close();
      await scratch.drop();
    },
  };
}

export async function runAnalyticsBench(options: AnalyticsBenchOptions): Promise<void> {
  const small = await scratchStore(options, `${SCRATCH}_small`);
  const large = await scratchStore(options, `${SCRATCH}_large`);
  const raw = new pg.Pool({
    connectionString: large.url,
    max: 2,
  });
  try {
    await seed(small.url, 10_000);
    const seedMs = await timed(() => seed(large.url, 1_000_000));
    console.log(
      `seeding 10^6 plans with a year of events (generate_series, triggers off) and rebuilding: ${(seedMs / 1000).toFixed(0)} s`,
    );
    await summaryAtScale(small.store, large.store);
    await writeCost(large.store, raw, options);
  } finally {
    await raw.end();
    await small.drop();
    await large.drop();
  }
}
