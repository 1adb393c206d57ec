// Sharing: "shared with me" (first page) at 10^4 and 10^6 grants, with the query plan it uses; and
// an edit round trip (plans.update) against a confirm round trip (plans.confirm), in the same run.
//
// Alone: `pnpm bench sharing`.
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { createScratchDatabase } from '../../../test/support';
import { sharedWithQuery } from '../src/sharing/share-sql';
import { fill } from './store.bench';

export interface SharingBenchOptions {
  /** Server to run on (any database of it); a scratch database is created and dropped. */
  databaseUrl: string;
  /** How long each round-trip measurement runs. */
  durationMs: number;
}

const SCRATCH = 'plan_bench_sharing';
const GRANTS_PER_PLAN = 10;
const PROBE_GRANTS = 50;
const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const OWNER = wallet(1);
const PROBE = wallet(0xfeed);

/** p50 and p99 of `samples` ms. */
function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length * 0.5)] ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
  };
}

/**
 * Refills the tables with `grants` active grants (10 per plan, to wallets spread so that each holds
 * about 10, a tenth of them revoked besides) plus PROBE_GRANTS active grants to the probe wallet.
 */
async function reset(raw: pg.Pool, grants: number): Promise<void> {
  await raw.query('truncate plans cascade');
  const plans = grants / GRANTS_PER_PLAN;
  await fill(raw, plans, Math.max(1, plans / 10), 0);
  // Grant k of plan n goes to wallet (10 n + k) mod W: ten distinct grantees per plan.
  await raw.query(
    `insert into plan_shares (plan_id, user_wallet, grantee_wallet, role, granted_by, granted_at)
     select p.id, p.user_wallet, '0x' || lpad(to_hex(1000000 + (p.n * $2 + g) % $1::int), 40, '0'),
            case when g % 2 = 0 then 'viewer' else 'editor' end, p.user_wallet,
            now() - ((p.n * $2 + g) || ' seconds')::interval
       from (select id, user_wallet, row_number() over (order by id) as n from plans) p
       cross join generate_series(1, $2::int) g`,
    [Math.max(GRANTS_PER_PLAN, grants / 10), GRANTS_PER_PLAN],
  );
  // Revoked grants are history: they stay in the table but out of the partial index.
  await raw.query(
    `insert into plan_shares (plan_id, user_wallet, grantee_wallet, role, granted_by, revoked_at, revoked_by)
     select id, user_wallet, $1, 'viewer', user_wallet, now(), user_wallet from plans limit $2`,
    [PROBE, Math.max(1, grants / 10)],
  );
  await raw.query(
    `insert into plan_shares (plan_id, user_wallet, grantee_wallet, role, granted_by)
     select id, user_wallet, $1, 'editor', user_wallet from plans order by id desc limit $2`,
    [PROBE, PROBE_GRANTS],
  );
  // The visibility map lets the first page come from the index alone.
  await raw.query('vacuum analyze plan_shares');
  await raw.query('analyze plans');
}

async function firstPageLatency(store: PlanStore): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 400; i++) {
    const started = performance.now();
    const page = await store.shares.listSharedWith(PROBE, { limit: 20 });
    samples.push(performance.now() - started);
    if (page.plans.length !== 20) throw new Error('the probe wallet should have a full first page');
  }
  return percentiles(samples.slice(100)).p50; // the first 100 warm the caches
}

async function sharedWithAtScale(store: PlanStore, raw: pg.Pool): Promise<void> {
  await reset(raw, 10_000);
  const small = await firstPageLatency(store);
  await reset(raw, 1_000_000);
  const large = await firstPageLatency(store);
  const grants = (await raw.query<{ n: string }>('select count(*) as n from plan_shares')).rows[0]!.n;
  console.log(
    `"shared with me" first page p50 at 10^4 grants: ${small.toFixed(3)} ms, at 10^6 grants: ${large.toFixed(3)} ms ` +
      `(${grants} rows with revoked ones), ratio ${(large / small).toFixed(2)} (target <= 1.5)`,
  );
  const plan = await raw.query(`explain (analyze, costs off, timing off) ${sharedWithQuery(false)}`, [
    PROBE,
    21,
  ]);
  console.log('query plan:');
  for (const row of plan.rows as Array<{ 'QUERY PLAN': string }>) console.log(`  ${row['QUERY PLAN']}`);
}

async function measureRoundTrips(durationMs: number, op: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  const end = performance.now() + durationMs;
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    await op(i);
    samples.push(performance.now() - started);
  }
  return { ...percentiles(samples), count: samples.length };
}

async function editVersusConfirm(store: PlanStore, raw: pg.Pool, durationMs: number): Promise<void> {
  await raw.query('truncate plans cascade');
  const editor = wallet(0xed17);
  const edited = await store.plans.create({
    userWallet: OWNER,
    destination: 'Paris',
    budget: 2000,
    planData: {},
  });
  await store.shares.share({ planId: edited.id, userWallet: OWNER, granteeWallet: editor, role: 'editor' });
  const toConfirm = (
    await raw.query<{ id: string }>(
      `insert into plans (user_wallet, destination, budget, plan_data)
       select $1, 'Rome', 1000, '{}'::jsonb from generate_series(1, 50000) returning id`,
      [OWNER],
    )
  ).rows.map((r) => r.id);
  await raw.query('analyze plans');

  let version = edited.version;
  // An editor (not the owner) edits: the path that also reads the grant.
  const edit = () =>
    store.plans
      .update(edited.id, { userWallet: editor, expectedVersion: version, planData: { note: version } })
      .then((plan) => {
        version = plan.version;
      });
  // Each confirm takes a plan never confirmed before, so every one changes a row and appends an event.
  let next = 0;
  const confirm = () => store.plans.confirm(toConfirm[next++ % toConfirm.length]!, { userWallet: OWNER });
  // Alternate twice so drift on a shared machine hits both alike.
  const runs = { edit: [] as number[], confirm: [] as number[] };
  for (let round = 0; round < 2; round++) {
    runs.edit.push((await measureRoundTrips(durationMs / 2, edit)).p50);
    runs.confirm.push((await measureRoundTrips(durationMs / 2, confirm)).p50);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const editMs = mean(runs.edit);
  const confirmMs = mean(runs.confirm);
  console.log(
    `round trip p50, one caller: edit (plans.update by an editor) ${editMs.toFixed(3)} ms, ` +
      `confirm (plans.confirm by the owner) ${confirmMs.toFixed(3)} ms, ratio ${(editMs / confirmMs).toFixed(2)}`,
  );
}

export async function runSharingBench(options: SharingBenchOptions): Promise<void> {
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const store = createPlanStore({ databaseUrl: scratch.url, logger: { warn() {} } });
  const raw = new pg.Pool({ connectionString: scratch.url, max: 4 });
  try {
    await store.migrate.latest();
    await sharedWithAtScale(store, raw);
    await editVersusConfirm(store, raw, options.durationMs);
  } finally {
    await store.close();
    await raw.end();
    await scratch.drop();
  }
}
