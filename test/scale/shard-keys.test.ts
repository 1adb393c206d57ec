// Every table stays shardable by user_wallet (Citus: a distributed table's primary key, unique
// constraints and foreign keys must include the distribution column). This reads the catalog of a
// migrated database, so a new table or key that breaks the rule fails here unless it is listed
// below with its reason; README "Scaling" has the Citus DDL for the listed ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support';

const SHARD_KEY = 'user_wallet';

/** Tables that are not distributed, with the reason. */
const NOT_DISTRIBUTED: Record<string, string> = {
  knex_migrations: 'migration history: stays on the coordinator',
  knex_migrations_lock: 'migration lock: stays on the coordinator',
  // Aggregates over every wallet, written by triggers in each write's transaction. Under Citus the
  // triggers cannot write them across shards; the figures would come from the event log instead.
  analytics_plan_cohorts: 'analytics rollup across wallets: stays on the coordinator',
  analytics_plan_cohort_changes: 'analytics change log across wallets: stays on the coordinator',
  analytics_daily_events: 'analytics rollup across wallets: stays on the coordinator',
  analytics_daily_event_changes: 'analytics change log across wallets: stays on the coordinator',
};

/** Keys without the shard key, with the reason and what the Citus step changes. */
const KEY_EXCEPTIONS: Record<string, string> = {
  plans_pkey: "the seed's PRIMARY KEY (id); the Citus step re-keys it as (user_wallet, id)",
  sessions_pkey:
    'a request presents only its token; the Citus step keys sessions (user_wallet, token_hash) and lets the token carry the wallet, or looks tokens up on every shard',
  sign_in_nonces_pkey:
    'a nonce is issued before the wallet signs in; the Citus step distributes sign_in_nonces by nonce, never joined with wallet data',
  plan_idempotency_keys_plan_id_fkey:
    'references plans (id); the Citus step makes it (user_wallet, plan_id) → plans (user_wallet, id)',
  plan_shares_pkey: 'an identity; the Citus step keys grants (user_wallet, id)',
  plan_shares_plan_id_fkey:
    'references plans (id); the Citus step makes it (user_wallet, plan_id) → plans (user_wallet, id)',
  plan_events_plan_id_fkey:
    'references plans (id); the Citus step makes it (user_wallet, plan_id) → plans (user_wallet, id)',
};

type KeyRow = {
  table_name: string;
  constraint_name: string;
  kind: string;
  columns: string[];
};

describe('every table is keyed by user_wallet', () => {
  let db: TestDatabase;
  const catalog = async <R extends Record<string, unknown>>(sql: string) =>
    (await adminQuery<R>(sql, [], db.name)).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('has user_wallet in each distributed table', async () => {
    const tables = await catalog<{ table_name: string; has_key: boolean }>(
      `select c.relname as table_name,
              exists (select 1 from pg_attribute a
                       where a.attrelid = c.oid and a.attname = '${SHARD_KEY}' and not a.attisdropped) as has_key
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    );
    expect(tables.length).toBeGreaterThan(Object.keys(NOT_DISTRIBUTED).length);
    const missing = tables
      .filter((t) => !t.has_key && !(t.table_name in NOT_DISTRIBUTED))
      .map((t) => t.table_name);
    expect(missing).toEqual([]);
  });

  it('has user_wallet in every primary key, unique constraint and foreign key, but the listed ones', async () => {
    const keys = await catalog<KeyRow>(
      `select c.relname as table_name, k.conname as constraint_name, k.contype as kind,
              array(select a.attname::text from unnest(k.conkey) as col(num)
                      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = col.num) as columns
         from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and k.contype in ('p', 'u', 'f') order by 1, 2`,
    );
    const distributed = keys.filter((k) => !(k.table_name in NOT_DISTRIBUTED));
    const offending = distributed
      .filter((k) => !k.columns.includes(SHARD_KEY) && !(k.constraint_name in KEY_EXCEPTIONS))
      .map((k) => `${k.table_name}.${k.constraint_name} (${k.columns.join(', ')})`);
    expect(offending).toEqual([]);
    // Unique indexes that are not constraints count too (Citus enforces them per shard only).
    const uniqueIndexes = await catalog<{ index_name: string; table_name: string; definition: string }>(
      `select i.relname as index_name, t.relname as table_name, pg_get_indexdef(i.oid) as definition
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
         join pg_namespace n on n.oid = t.relnamespace
        where n.nspname = 'public' and x.indisunique
          and not exists (select 1 from pg_constraint k where k.conindid = x.indexrelid)`,
    );
    const loose = uniqueIndexes
      .filter((i) => !(i.table_name in NOT_DISTRIBUTED) && !i.definition.includes(SHARD_KEY))
      .map((i) => i.index_name);
    expect(loose).toEqual([]);
    // Every listed exception still exists, so the list cannot silently outlive the schema.
    const names = new Set(keys.map((k) => k.constraint_name));
    expect(Object.keys(KEY_EXCEPTIONS).filter((name) => !names.has(name))).toEqual([]);
  });
});
