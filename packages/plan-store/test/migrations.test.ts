import { readFileSync } from 'node:fs';
import { createPlanStore, type PlanStore, StoreUnavailableError } from '@travel-planner/plan-store';
import { afterEach, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase, WALLET_A } from '../../../test/support';
import { planInput } from './helpers';

const MIGRATIONS = [
  '20240801000000_create_plans',
  '20240801000100_harden_plans',
  '20240801000200_create_plan_idempotency_keys',
  '20240901000000_create_wallet_write_positions',
  '20261130100000_create_accounts',
  '20261130100100_create_sign_in_nonces',
  '20261130100200_create_sessions',
  '20261130200000_add_plan_sharing',
  '20261130300000_add_plan_analytics',
  '20261130400000_count_plan_deletes_before_cascade',
];
const LEGACY_INIT_SQL = readFileSync(new URL('./fixtures/legacy-init.sql', import.meta.url), 'utf8');

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyDatabase(): Promise<{ db: TestDatabase; store: PlanStore }> {
  const db = await createTestDatabase({ empty: true });
  const store = createPlanStore({
    databaseUrl: db.url,
    directUrl: db.directUrl,
    pool: { size: 0, maxOverflow: 3 },
    logger: { warn() {} },
  });
  cleanups.push(async () => {
    await store.close();
    await db.drop();
  });
  return { db, store };
}

const tables = (db: TestDatabase) =>
  adminQuery<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    [],
    db.name,
  ).then((r) => r.rows.map((row) => row.table_name));

describe('store.migrate', () => {
  it('goes up, down and up again', async () => {
    const { db, store } = await emptyDatabase();
    expect(await store.migrate.status()).toEqual({ completed: [], pending: MIGRATIONS });
    expect(await store.migrate.latest()).toEqual({ batch: 1, migrations: MIGRATIONS });
    expect(await tables(db)).toEqual([
      'accounts',
      'analytics_daily_event_changes',
      'analytics_daily_events',
      'analytics_plan_cohort_changes',
      'analytics_plan_cohorts',
      'knex_migrations',
      'knex_migrations_lock',
      'plan_events',
      'plan_idempotency_keys',
      'plan_shares',
      'plans',
      'sessions',
      'sign_in_nonces',
      'wallet_write_positions',
    ]);
    expect(await store.migrate.latest()).toEqual({ batch: 1, migrations: [] });

    const rolledBack = await store.migrate.rollback();
    expect(rolledBack.migrations).toEqual([...MIGRATIONS].reverse());
    expect(await tables(db)).toEqual(['knex_migrations', 'knex_migrations_lock']);
    expect(
      await adminQuery(`select 1 from pg_proc where proname = 'update_updated_at_column'`, [], db.name),
    ).toMatchObject({
      rowCount: 0,
    });

    await store.migrate.latest();
    expect(await store.migrate.status()).toEqual({ completed: MIGRATIONS, pending: [] });
    await expect(store.plans.create(planInput())).resolves.toMatchObject({ status: 'generated' });
  });

  it('applies once when two or five runners start together on an empty database', async () => {
    for (const runners of [2, 5, 2, 5]) {
      const { db } = await emptyDatabase();
      const stores = Array.from({ length: runners }, () =>
        createPlanStore({
          databaseUrl: db.url,
          directUrl: db.directUrl,
          pool: { size: 0, maxOverflow: 2 },
          logger: { warn() {} },
        }),
      );
      try {
        const results = await Promise.allSettled(stores.map((s) => s.migrate.latest()));
        const applied = results.filter((r) => r.status === 'fulfilled' && r.value.migrations.length > 0);
        expect(applied).toHaveLength(1);
        // The others waited for the first and found nothing left to do.
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      const { rows } = await adminQuery<{ batches: string; locked: number }>(
        'select (select count(distinct batch) from knex_migrations) as batches, (select is_locked from knex_migrations_lock) as locked',
        [],
        db.name,
      );
      expect(rows[0]).toEqual({ batches: '1', locked: 0 });
    }
  });
});

describe('adopting a database created by the old system', () => {
  it('keeps every row of the legacy init.sql and adds the new schema around them', async () => {
    const { db, store } = await emptyDatabase();
    await adminQuery(LEGACY_INIT_SQL, [], db.name);
    // The old backend stored addresses in whatever case the client sent.
    await adminQuery(
      `insert into plans (user_wallet, destination, budget, plan_data) values ($1, 'Lisbon', 900, '{"grand_total": 800}')`,
      ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
      db.name,
    );
    const before = await adminQuery('select * from plans order by destination', [], db.name);

    expect(await store.migrate.latest()).toEqual({ batch: 1, migrations: MIGRATIONS });

    const after = await adminQuery('select * from plans order by destination', [], db.name);
    expect(after.rows).toHaveLength(3);
    // Every legacy row is kept as it was, and gets version 1.
    expect(after.rows).toEqual(
      before.rows.map((row) => ({ ...row, user_wallet: String(row.user_wallet).toLowerCase(), version: 1 })),
    );
    // The lowercased wallet is findable, its updated_at untouched, and legacy plans can move on.
    const page = await store.plans.listByWallet(WALLET_A);
    expect(page.plans.map((p) => p.destination)).toEqual(['Lisbon']);
    const tokyo = after.rows.find((r) => r.destination === 'Tokyo')!;
    await expect(store.plans.confirm(String(tokyo.id))).resolves.toMatchObject({
      status: 'confirmed',
      version: 2,
    });
    // A legacy plan is edited, shared and audited like any other.
    const owner = String(tokyo.user_wallet);
    await expect(
      store.plans.update(String(tokyo.id), { userWallet: owner, expectedVersion: 2, destination: 'Kyoto' }),
    ).resolves.toMatchObject({ destination: 'Kyoto', version: 3 });
    await store.shares.share({
      planId: String(tokyo.id),
      userWallet: owner,
      granteeWallet: WALLET_A,
      role: 'viewer',
    });
    const { events } = await store.events.list(String(tokyo.id), { userWallet: owner });
    expect(events.map((e) => e.action)).toEqual(['confirmed', 'updated', 'shared']);
    await expect(store.plans.create(planInput())).resolves.toMatchObject({ userWallet: WALLET_A });
  });
});

describe('store.migrate errors', () => {
  it('rejects with typed store errors, not raw driver errors', async () => {
    const { db } = await emptyDatabase();
    const url = new URL(db.url);
    // A role that does not exist (28000) and a port nothing listens on (ECONNREFUSED).
    const unknownRole = new URL(db.url);
    unknownRole.username = 'no_such_role';
    url.port = '1';
    for (const databaseUrl of [unknownRole.href, url.href]) {
      const store = createPlanStore({ databaseUrl, logger: { warn() {} } });
      try {
        await expect(store.migrate.latest()).rejects.toBeInstanceOf(StoreUnavailableError);
        await expect(store.migrate.status()).rejects.toBeInstanceOf(StoreUnavailableError);
      } finally {
        await store.close();
      }
    }
  });
});
