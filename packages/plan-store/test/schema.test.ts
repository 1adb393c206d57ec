import type { PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, createTestDatabase, createTestStore } from '../../../test/support';
import { planInput } from './helpers';

let store: PlanStore;
let close: () => Promise<void>;
let dbName: string;

beforeAll(async () => {
  const db = await createTestDatabase();
  store = createTestStore(db);
  close = async () => {
    await store.close();
    await db.drop();
  };
  dbName = db.name;
});
afterAll(() => close());

const catalog = <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  adminQuery<R>(sql, params, dbName).then((r) => r.rows);

describe('the plans table as the migrations create it', () => {
  it('has exactly the seed columns, types, nullability and defaults, and the version', async () => {
    const columns = await catalog(
      `select column_name, data_type, character_maximum_length as len, is_nullable, column_default
         from information_schema.columns where table_name = 'plans' order by ordinal_position`,
    );
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'uuid',
        len: null,
        is_nullable: 'NO',
        column_default: 'gen_random_uuid()',
      },
      {
        column_name: 'user_wallet',
        data_type: 'character varying',
        len: 42,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'destination',
        data_type: 'character varying',
        len: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      { column_name: 'budget', data_type: 'integer', len: null, is_nullable: 'NO', column_default: null },
      { column_name: 'plan_data', data_type: 'jsonb', len: null, is_nullable: 'NO', column_default: null },
      {
        column_name: 'created_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: 'CURRENT_TIMESTAMP',
      },
      {
        column_name: 'status',
        data_type: 'character varying',
        len: 20,
        is_nullable: 'YES',
        column_default: "'generated'::character varying",
      },
      {
        column_name: 'updated_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: 'CURRENT_TIMESTAMP',
      },
      // Not the seed's: the version optimistic edits compare (every change bumps it).
      { column_name: 'version', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '1' },
    ]);
  });

  it('has the primary key, the status CHECK and the legacy-safe constraints', async () => {
    const constraints = await catalog<{ conname: string; def: string; convalidated: boolean }>(
      `select conname, pg_get_constraintdef(oid) as def, convalidated
         from pg_constraint where conrelid = 'plans'::regclass order by conname`,
    );
    expect(constraints).toEqual([
      { conname: 'plans_budget_positive', def: 'CHECK ((budget > 0)) NOT VALID', convalidated: false },
      { conname: 'plans_pkey', def: 'PRIMARY KEY (id)', convalidated: true },
      {
        conname: 'plans_status_check',
        def: "CHECK (((status)::text = ANY ((ARRAY['generated'::character varying, 'confirmed'::character varying, 'cancelled'::character varying])::text[])))",
        convalidated: true,
      },
      {
        conname: 'plans_user_wallet_format',
        def: "CHECK (((user_wallet)::text ~ '^0x[0-9a-f]{40}$'::text)) NOT VALID",
        convalidated: false,
      },
    ]);
  });

  it('has the seed indexes and the keyset indexes', async () => {
    const indexes = await catalog<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename = 'plans' order by indexname`,
    );
    expect(
      Object.fromEntries(
        indexes.map((i) => [i.indexname, i.indexdef.replace(/ ON public\.plans USING btree/, '')]),
      ),
    ).toEqual({
      idx_plans_created_at: 'CREATE INDEX idx_plans_created_at (created_at)',
      idx_plans_status: 'CREATE INDEX idx_plans_status (status)',
      idx_plans_status_created_at:
        'CREATE INDEX idx_plans_status_created_at (status, created_at DESC, id DESC)',
      idx_plans_user_wallet: 'CREATE INDEX idx_plans_user_wallet (user_wallet)',
      idx_plans_user_wallet_created_at:
        'CREATE INDEX idx_plans_user_wallet_created_at (user_wallet, created_at DESC, id DESC)',
      plans_pkey: 'CREATE UNIQUE INDEX plans_pkey (id)',
    });
  });

  it('has the BEFORE UPDATE trigger that keeps updated_at current', async () => {
    const triggers = await catalog<{ tgname: string; def: string }>(
      `select tgname, pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = 'plans'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers).toEqual([
      {
        tgname: 'analytics_track_plan',
        def: 'CREATE TRIGGER analytics_track_plan AFTER INSERT OR UPDATE ON public.plans FOR EACH ROW EXECUTE FUNCTION analytics_track_plan()',
      },
      {
        tgname: 'analytics_track_plan_delete',
        def: 'CREATE TRIGGER analytics_track_plan_delete BEFORE DELETE ON public.plans FOR EACH ROW EXECUTE FUNCTION analytics_track_plan_delete()',
      },
      {
        tgname: 'update_plans_updated_at',
        def: 'CREATE TRIGGER update_plans_updated_at BEFORE UPDATE ON public.plans FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()',
      },
    ]);
    const plan = await store.plans.create(planInput());
    await new Promise((resolve) => setTimeout(resolve, 5)); // Dates have whole milliseconds
    await adminQuery('update plans set destination = $1 where id = $2', ['Lyon', plan.id], dbName);
    const after = await store.plans.get(plan.id);
    expect(after!.updatedAt.getTime()).toBeGreaterThan(plan.updatedAt.getTime());
    expect(after!.createdAt).toEqual(plan.createdAt);
  });

  it('rejects a bad row written around the library', async () => {
    await expect(
      adminQuery(
        `insert into plans (user_wallet, destination, budget, plan_data) values ('0xABC', 'x', 0, '{}')`,
        [],
        dbName,
      ),
    ).rejects.toThrow(/violates check constraint/);
  });

  it('uses the composite index for a wallet listing', async () => {
    const plan = await catalog<{ 'QUERY PLAN': string }>(
      `explain select * from plans where user_wallet = '0x${'a'.repeat(40)}' order by created_at desc, id desc limit 21`,
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/idx_plans_user_wallet_created_at/);
  });
});
