import { readFileSync } from 'node:fs';
import {
  type PlanData,
  type PlanStore,
  PlanStoreError,
  PlanValidationError,
} from '@travel-planner/plan-store';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  type TestDatabase,
  WALLET_A,
  WALLET_B,
} from '../../../test/support';
import { planInput } from './helpers';

const LEGACY_INIT_SQL = readFileSync(new URL('./fixtures/legacy-init.sql', import.meta.url), 'utf8');

const WALLET_C = '0x00000000000000000000000000000000000000c3';
const DESTINATIONS = ['Paris', 'Tokyo', 'Lima', 'Oslo'];

let store: PlanStore;
let client: pg.Client;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db);
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await store.close();
  await db.drop();
});

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

// Triggers do not see TRUNCATE, so the rollups are emptied with the rows.
async function emptyDatabase() {
  await client.query(
    `truncate plans, plan_events, plan_shares, plan_idempotency_keys, analytics_plan_cohorts,
       analytics_plan_cohort_changes, analytics_daily_events, analytics_daily_event_changes`,
  );
}

// The figures recomputed from the rows themselves, written independently of the rollups.
async function recompute(from: string, to: string) {
  const inRange = `(p.created_at at time zone 'UTC')::date between $1::date and $2::date`;
  const wasConfirmed = `exists (select 1 from plan_events e where e.plan_id = p.id and e.status_after = 'confirmed')`;
  const {
    rows: [t],
  } = await client.query(
    `select count(*)::int as plans,
       count(*) filter (where status = 'generated')::int as generated,
       count(*) filter (where status = 'confirmed')::int as confirmed,
       count(*) filter (where status = 'cancelled')::int as cancelled,
       count(*) filter (where status = 'confirmed' or (status = 'cancelled' and ${wasConfirmed}))::int as ever,
       count(*) filter (where status = 'cancelled' and ${wasConfirmed})::int as after
     from plans p where ${inRange}`,
    [from, to],
  );
  const { rows: destinations } = await client.query(
    `select destination, count(*)::int as plans, count(*) filter (where status = 'confirmed')::int as confirmed,
       coalesce(sum((plan_data->>'grand_total')::numeric) filter (
         where status = 'confirmed' and jsonb_typeof(plan_data->'grand_total') = 'number'), 0)::float8 as revenue
     from plans p where ${inRange} group by destination order by plans desc, destination limit 20`,
    [from, to],
  );
  const { rows: daily } = await client.query(
    `select to_char(d, 'YYYY-MM-DD') as date,
       count(e.*) filter (where e.action = 'created')::int as generated,
       count(e.*) filter (where e.action = 'confirmed')::int as confirmed,
       count(e.*) filter (where e.action = 'cancelled')::int as cancelled
     from generate_series($1::date, $2::date, interval '1 day') d
     left join plan_events e on (e.created_at at time zone 'UTC')::date = d::date
     group by d order by d`,
    [from, to],
  );
  return {
    totals: { generated: t.generated, confirmed: t.confirmed, cancelled: t.cancelled },
    funnel: {
      generated: t.plans,
      confirmed: t.ever,
      cancelledBeforeConfirm: t.cancelled - t.after,
      cancelledAfterConfirm: t.after,
      confirmRate: t.plans === 0 ? 0 : t.ever / t.plans,
    },
    destinations,
    daily,
  };
}

async function expectFiguresMatchRows(from: string, to: string) {
  const { asOf, from: _from, to: _to, ...figures } = await store.analytics.summary({ from, to });
  expect(figures).toEqual(await recompute(from, to));
}

type Op =
  | { kind: 'create'; owner: string; destination: string; cents: number | null; status?: 'confirmed' }
  | { kind: 'confirm' | 'cancel' | 'delete'; index: number }
  | { kind: 'edit'; index: number; destination: string | null; cents: number | null }
  | { kind: 'share'; index: number }
  | { kind: 'backdate'; index: number; days: number }
  | { kind: 'compact' };

const index = fc.nat({ max: 30 });
const destination = fc.constantFrom(...DESTINATIONS);
const cents = fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      owner: fc.constantFrom(WALLET_A, WALLET_B),
      destination,
      cents,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      owner: fc.constant(WALLET_A),
      destination,
      cents,
      status: fc.constant('confirmed' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constantFrom('confirm' as const, 'cancel' as const), index }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), index }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      index,
      destination: fc.option(destination, { nil: null }),
      cents,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('share' as const), index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('backdate' as const),
      index,
      days: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
);

// A plan's data with a grand_total, or (null) without one: revenue counts numbers only.
const planData = (total: number | null): PlanData =>
  total === null ? { note: 'no total' } : { grand_total: total / 100 };

async function apply(operation: Op, plans: string[]): Promise<void> {
  const id = 'index' in operation ? plans[operation.index % Math.max(plans.length, 1)] : undefined;
  switch (operation.kind) {
    case 'create': {
      const plan = await store.plans.create(
        planInput({
          userWallet: operation.owner,
          destination: operation.destination,
          planData: planData(operation.cents),
          status: operation.status,
        }),
      );
      plans.push(plan.id);
      return;
    }
    case 'compact':
      await store.analytics.compact();
      return;
  }
  if (id === undefined) return;
  switch (operation.kind) {
    case 'confirm':
      await store.plans.confirm(id);
      return;
    case 'cancel':
      await store.plans.cancel(id);
      return;
    case 'delete':
      await store.plans.delete(id);
      return;
    case 'share': {
      const plan = await store.plans.get(id);
      if (plan)
        await store.shares.share({
          planId: id,
          userWallet: plan.userWallet,
          granteeWallet: WALLET_C,
          role: 'editor',
        });
      return;
    }
    case 'edit': {
      const plan = await store.plans.get(id);
      if (!plan) return;
      await store.plans.update(id, {
        userWallet: WALLET_C,
        expectedVersion: plan.version,
        ...(operation.destination === null ? {} : { destination: operation.destination }),
        planData: planData(operation.cents),
      });
      return;
    }
    case 'backdate':
      // Moves a plan into an earlier day's cohort, as a migrated or corrected row would be.
      await client.query(`update plans set created_at = created_at - $2 * interval '1 day' where id = $1`, [
        id,
        operation.days,
      ]);
      return;
  }
}

// Deletes of plans that were confirmed, which the rollups once counted after the cascade had
// already removed the trail that says so; random runs reach them only now and then.
const DELETES_OF_CONFIRMED_PLANS: [Op[]][] = [
  [
    [
      { kind: 'create', owner: WALLET_A, destination: 'Paris', cents: null, status: 'confirmed' },
      { kind: 'cancel', index: 0 },
      { kind: 'delete', index: 0 },
    ],
  ],
  [
    [
      { kind: 'create', owner: WALLET_A, destination: 'Oslo', cents: 12_345 },
      { kind: 'confirm', index: 0 },
      { kind: 'cancel', index: 0 },
      { kind: 'delete', index: 0 },
    ],
  ],
  [
    [
      { kind: 'create', owner: WALLET_B, destination: 'Lima', cents: 500 },
      { kind: 'confirm', index: 0 },
      { kind: 'delete', index: 0 },
    ],
  ],
];

describe('analytics summary', () => {
  it('equals a recompute from plans and plan_events after any sequence of changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (operations) => {
        await emptyDatabase();
        const plans: string[] = [];
        for (const operation of operations) {
          try {
            await apply(operation, plans);
          } catch (err) {
            // Refused changes (an illegal transition, a plan not shared with the editor) write nothing.
            if (!(err instanceof PlanStoreError)) throw err;
          }
        }
        await expectFiguresMatchRows(daysAgo(3), today());
        await expectFiguresMatchRows(today(), today());
        await expectFiguresMatchRows(daysAgo(3), daysAgo(1));
        await store.analytics.compact();
        await expectFiguresMatchRows(daysAgo(3), today());
        const { rows } = await client.query(
          'select (select count(*) from analytics_plan_cohort_changes) + (select count(*) from analytics_daily_event_changes) as left',
        );
        expect(Number(rows[0].left)).toBe(0);
        // The full rebuild (the migration's backfill) agrees with what the triggers kept.
        await client.query('select analytics_rebuild()');
        await expectFiguresMatchRows(daysAgo(3), today());
      }),
      { numRuns: 25, examples: DELETES_OF_CONFIRMED_PLANS },
    );
  });

  it('counts a confirmed-then-cancelled plan as cancelled after confirming and moves a renamed plan', async () => {
    await emptyDatabase();
    const booked = await store.plans.create(
      planInput({ destination: 'Rome', planData: { grand_total: 1530.5 } }),
    );
    await store.plans.confirm(booked.id);
    const dropped = await store.plans.create(planInput({ destination: 'Rome' }));
    await store.plans.cancel(dropped.id);
    const renamed = await store.plans.create(planInput({ destination: 'Rome' }));
    await store.plans.update(renamed.id, {
      userWallet: WALLET_A,
      expectedVersion: renamed.version,
      destination: 'Milan',
    });
    const cancelledLater = await store.plans.create(
      planInput({ destination: 'Milan', planData: { grand_total: 99 } }),
    );
    await store.plans.confirm(cancelledLater.id);
    await store.plans.cancel(cancelledLater.id);

    const summary = await store.analytics.summary({ from: today(), to: today() });
    expect(summary.funnel).toEqual({
      generated: 4,
      confirmed: 2,
      cancelledBeforeConfirm: 1,
      cancelledAfterConfirm: 1,
      confirmRate: 0.5,
    });
    expect(summary.destinations).toEqual([
      { destination: 'Milan', plans: 2, confirmed: 0, revenue: 0 },
      { destination: 'Rome', plans: 2, confirmed: 1, revenue: 1530.5 },
    ]);
    expect(summary.totals).toEqual({ generated: 1, confirmed: 1, cancelled: 2 });
    expect(JSON.stringify(summary)).not.toMatch(/0x[0-9a-f]{40}/i);
  });

  it('defaults to the last 30 days and lists every day of the range', async () => {
    const summary = await store.analytics.summary();
    expect(summary.to).toBe(today());
    expect(summary.from).toBe(daysAgo(29));
    expect(summary.daily).toHaveLength(30);
    expect(summary.daily.at(-1)?.date).toBe(today());
  });

  it.each([
    [{ from: '2026-03-10', to: '2026-03-01' }, 'from: must not be after to (2026-03-01)'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from: must be a date as YYYY-MM-DD, got "2026-02-30"'],
    [{ from: 'yesterday' }, 'from: must be a date as YYYY-MM-DD, got "yesterday"'],
    [{ to: '2026-3-1' }, 'to: must be a date as YYYY-MM-DD, got "2026-3-1"'],
    [{ from: '2024-01-01', to: '2025-01-01' }, 'to: the range must be at most 366 days, got 367'],
  ])('refuses %j with a message naming the field', async (range, message) => {
    const refused = store.analytics.summary(range);
    await expect(refused).rejects.toBeInstanceOf(PlanValidationError);
    await expect(refused).rejects.toThrow(message);
  });

  it('accepts a range of exactly 366 days', async () => {
    const summary = await store.analytics.summary({ from: '2024-01-01', to: '2024-12-31' });
    expect(summary.daily).toHaveLength(366);
  });
});

describe('analytics of a database created by the old system', () => {
  it('counts the plans that existed before the migration', async () => {
    const legacyDb = await createTestDatabase({ empty: true });
    const legacy = createTestStore(legacyDb);
    try {
      await adminQuery(LEGACY_INIT_SQL, [], legacyDb.name);
      await adminQuery(
        `insert into plans (user_wallet, destination, budget, plan_data, status)
         values ('0x1234567890123456789012345678901234567890', 'Paris', 900, '{"grand_total": 800}', 'cancelled')`,
        [],
        legacyDb.name,
      );
      await legacy.migrate.latest();
      const summary = await legacy.analytics.summary({ from: today(), to: today() });
      // The init script stores a confirmed Paris plan (grand_total 1785) and a generated Tokyo one.
      expect(summary.totals).toEqual({ generated: 1, confirmed: 1, cancelled: 1 });
      // Without a trail, an old cancellation cannot be known to have followed a confirmation.
      expect(summary.funnel).toMatchObject({ generated: 3, confirmed: 1, cancelledBeforeConfirm: 1 });
      expect(summary.destinations).toEqual([
        { destination: 'Paris', plans: 2, confirmed: 1, revenue: 1785 },
        { destination: 'Tokyo', plans: 1, confirmed: 0, revenue: 0 },
      ]);
      expect(summary.daily.at(-1)).toEqual({ date: today(), generated: 3, confirmed: 1, cancelled: 1 });
    } finally {
      await legacy.close();
      await legacyDb.drop();
    }
  });
});
