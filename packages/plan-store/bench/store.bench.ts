// plan-store against raw node-postgres running the same SQL, with the same pool size and
// concurrency, in the same run, on a table of at least 100,000 plans. Prints ops/s and ratios,
// then listByWallet latency at 10^4 and 10^6 rows and the query plan it uses.
// Alone: `pnpm bench store`.
import { createPlanStore, type Plan, type PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { createScratchDatabase } from '../../../test/support';
import { CHANGE_STATUS, INSERT_PLAN, pageQuery } from '../src/plans/plan-sql';
import { LOCK_PLAN, PLAN_WITH_ROLE } from '../src/sharing/share-sql';

export interface StoreBenchOptions {
  /** Server to run on (any database of it); a scratch database is created and dropped. */
  databaseUrl: string;
  /** How long each measured operation runs, per contender. */
  durationMs: number;
  /** Concurrent callers. */
  concurrency: number;
}

const SCRATCH = 'plan_bench_store';
const POOL_MAX = 30; // the seed's 10 + 20
const PLAN_DATA = {
  destination: 'Paris',
  flights: [
    {
      from_location: 'JFK',
      to_location: 'CDG',
      airline: 'Air France',
      dates: '2027-01-01 to 2027-01-08',
      price: 640,
    },
  ],
  hotels: [{ name: 'Hotel Le Marais', location: 'Paris', price_per_night: 150, nights: 7, total: 1050 }],
  activities: ['Eiffel Tower visit', 'Louvre Museum tour', 'Seine River cruise'],
  total_cost: 1690,
  platform_fee: 33.8,
  grand_total: 1723.8,
};

const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const HOT_WALLET = wallet(7); // every bench wallet has ~10 plans; this one is listed

/** Inserts filler plans with generate_series: `count` rows over `wallets` wallets. */
export async function fill(pool: pg.Pool, count: number, wallets: number, offset: number): Promise<void> {
  await pool.query(
    `insert into plans (user_wallet, destination, budget, plan_data, created_at)
     select '0x' || lpad(to_hex((g % $2) + 1), 40, '0'), 'City ' || (g % 97), 1000 + g % 5000,
            '{"grand_total": 900}'::jsonb, now() - (g || ' seconds')::interval
       from generate_series($3::int, $3::int + $1::int - 1) g`,
    [count, wallets, offset],
  );
  await pool.query('analyze plans');
}

interface Measured {
  ops: number;
  p50: number;
  p99: number;
}

/** Runs `op` from `concurrency` loops for `durationMs`. */
async function measure(
  durationMs: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<Measured> {
  const latencies: number[] = [];
  const end = performance.now() + durationMs;
  let counter = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        await op(counter++);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length / (durationMs / 1000),
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

// The statements plan-store sends, so both contenders run exactly the same SQL.
const RAW = {
  create: INSERT_PLAN,
  get: PLAN_WITH_ROLE,
  list: pageQuery(['user_wallet'], false),
};

/** A confirm as plan-store makes it: lock the row, change it and append the event, in one transaction. */
async function rawConfirm(raw: pg.Pool, id: string): Promise<void> {
  const client = await raw.connect();
  try {
    await client.query('begin');
    await client.query(LOCK_PLAN, [id]);
    await client.query(CHANGE_STATUS, [id, 'confirmed', 'confirmed', null, 'generated', ['generated']]);
    await client.query('commit');
  } finally {
    client.release();
  }
}

export async function runStoreBench(options: StoreBenchOptions): Promise<void> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const url = scratch.url;
  const store: PlanStore = createPlanStore({ databaseUrl: url, logger: { warn() {} } });
  const raw = new pg.Pool({ connectionString: url, max: POOL_MAX });
  try {
    await store.migrate.latest();
    await fill(raw, 100_000, 10_000, 0);
    console.log(
      `plan-store vs raw pg: pool max ${POOL_MAX}, ${options.concurrency} concurrent callers, 100,000 plans`,
    );

    const ids: string[] = (
      await raw.query<{ id: string }>('select id from plans order by random() limit 5000')
    ).rows.map((r) => r.id);
    const freshFor = async (n: number) =>
      (
        await raw.query<{ id: string }>(
          `insert into plans (user_wallet, destination, budget, plan_data)
           select $1, 'Fresh', 1000, '{}'::jsonb from generate_series(1, $2) returning id`,
          [wallet(123_456), n],
        )
      ).rows.map((r) => r.id);

    const ops: Array<{
      name: string;
      store: (i: number, fresh: string[]) => Promise<unknown>;
      raw: (i: number, fresh: string[]) => Promise<unknown>;
    }> = [
      {
        name: 'create',
        store: () =>
          store.plans.create({
            userWallet: HOT_WALLET,
            destination: 'Paris',
            budget: 2000,
            planData: PLAN_DATA,
          }),
        raw: () => raw.query(RAW.create, [HOT_WALLET, 'Paris', 2000, JSON.stringify(PLAN_DATA), 'generated']),
      },
      {
        name: 'get',
        store: (i) => store.plans.get(ids[i % ids.length]!),
        raw: (i) => raw.query(RAW.get, [ids[i % ids.length], null]),
      },
      {
        name: 'listByWallet',
        store: (i) => store.plans.listByWallet(wallet((i % 10_000) + 1), { limit: 20 }),
        raw: (i) => raw.query(RAW.list, [wallet((i % 10_000) + 1), 21]),
      },
      {
        name: 'confirm',
        store: (i, fresh) => store.plans.confirm(fresh[i % fresh.length]!),
        raw: (i, fresh) => rawConfirm(raw, fresh[i % fresh.length]!),
      },
    ];

    // Warm both pools and caches.
    await measure(500, options.concurrency, (i) => store.plans.get(ids[i % ids.length]!));
    await measure(500, options.concurrency, (i) => raw.query(RAW.get, [ids[i % ids.length], null]));

    const rows: string[] = [];
    for (const op of ops) {
      // Alternate contenders twice so drift on a shared machine hits both alike.
      let storeOps = 0;
      let rawOps = 0;
      for (let round = 0; round < 2; round++) {
        const freshRaw = op.name === 'confirm' ? await freshFor(60_000) : [];
        rawOps += (await measure(options.durationMs / 2, options.concurrency, (i) => op.raw(i, freshRaw)))
          .ops;
        const freshStore = op.name === 'confirm' ? await freshFor(60_000) : [];
        storeOps += (
          await measure(options.durationMs / 2, options.concurrency, (i) => op.store(i, freshStore))
        ).ops;
      }
      rows.push(
        `${op.name.padEnd(14)} ${(storeOps / 2).toFixed(0).padStart(9)} ${(rawOps / 2).toFixed(0).padStart(9)} ${(storeOps / rawOps).toFixed(2).padStart(7)}`,
      );
    }
    console.log(
      `${'operation'.padEnd(14)} ${'store/s'.padStart(9)} ${'raw pg/s'.padStart(9)} ${'ratio'.padStart(7)}`,
    );
    for (const row of rows) console.log(row);

    await listingAtScale(store, raw);
  } finally {
    await store.close();
    await raw.end();
    await scratch.drop();
  }
}

/** listByWallet latency for one wallet's first page with 10^4 and then 10^6 rows in the table. */
async function listingAtScale(store: PlanStore, raw: pg.Pool): Promise<void> {
  const probe = wallet(999_999);
  const latency = async () => {
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      await store.plans.listByWallet(probe, { limit: 20 });
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  };
  const reset = async (rows: number) => {
    await raw.query('truncate plans cascade');
    await fill(raw, rows - 50, Math.max(1, Math.floor(rows / 10)), 0);
    const made: Plan[] = [];
    for (let i = 0; i < 50; i++) {
      made.push(
        await store.plans.create({
          userWallet: probe,
          destination: `Probe ${i}`,
          budget: 500,
          planData: { i },
        }),
      );
    }
    await raw.query('analyze plans');
  };
  await reset(10_000);
  const small = await latency();
  await reset(1_000_000);
  const large = await latency();
  const plan = await raw.query(`explain ${RAW.list}`, [probe, 21]);
  console.log(
    `listByWallet p50 at 10^4 rows: ${small.toFixed(3)} ms, at 10^6 rows: ${large.toFixed(3)} ms, ratio ${(large / small).toFixed(2)}`,
  );
  console.log('query plan:');
  for (const row of plan.rows as Array<{ 'QUERY PLAN': string }>) console.log(`  ${row['QUERY PLAN']}`);
}
