import {
  createPlanStore,
  PlanModel,
  PlanNotFoundError,
  PlanOwnershipError,
  type PlanStore,
  PlanTransitionError,
  PlanValidationError,
  StoreTimeoutError,
  StoreUnavailableError,
} from '@travel-planner/plan-store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from '../../../test/support';
import { insertPlans, planInput } from './helpers';

let store: PlanStore;
let close: () => Promise<void>;
let dbName: string;
let dbUrl: string;

beforeAll(async () => {
  const db = await createTestDatabase();
  store = createTestStore(db);
  close = async () => {
    await store.close();
    await db.drop();
  };
  dbName = db.name;
  dbUrl = db.url;
});
afterAll(() => close());

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function countRows(): Promise<number> {
  const { rows } = await adminQuery<{ n: string }>('select count(*) as n from plans', [], dbName);
  return Number(rows[0]!.n);
}

describe('plans.create', () => {
  it('stores a plan and returns it with database defaults', async () => {
    const plan = await store.plans.create(planInput());
    expect(plan.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(plan).toMatchObject({
      userWallet: WALLET_A,
      destination: 'Paris',
      budget: 2000,
      status: 'generated',
    });
    expect(plan.planData).toEqual(planInput().planData);
    expect(plan.createdAt).toBeInstanceOf(Date);
    expect(plan.updatedAt.getTime()).toBe(plan.createdAt.getTime());
  });

  it('stores a checksummed wallet lowercase and finds it by either form', async () => {
    const plan = await store.plans.create(
      planInput({ userWallet: WALLET_A_CHECKSUMMED, destination: 'Checksum' }),
    );
    expect(plan.userWallet).toBe(WALLET_A);
    const page = await store.plans.listByWallet(WALLET_A_CHECKSUMMED);
    expect(page.plans.map((p) => p.id)).toContain(plan.id);
  });

  it('accepts an all-uppercase address as the plain form', async () => {
    const plan = await store.plans.create(planInput({ userWallet: `0x${WALLET_B.slice(2).toUpperCase()}` }));
    expect(plan.userWallet).toBe(WALLET_B);
  });

  it('keeps SQL metacharacters and unicode verbatim', async () => {
    const destination = `Robert'); DROP TABLE plans;-- 東京 🚀`;
    const planData = { note: "'; DELETE FROM plans; --", nested: { list: [1, 'two', null, true] } };
    const plan = await store.plans.create(planInput({ destination, planData }));
    const again = await store.plans.get(plan.id);
    expect(again?.destination).toBe(destination);
    expect(again?.planData).toEqual(planData);
  });

  it.each([
    ['userWallet', { userWallet: '0x123' }],
    ['userWallet', { userWallet: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }], // one letter's case flipped
    ['userWallet', { userWallet: 42 as unknown as string }],
    ['destination', { destination: '' }],
    ['destination', { destination: '   ' }],
    ['destination', { destination: 'x'.repeat(256) }],
    ['destination', { destination: 'Par\u0000is' }],
    ['destination', { destination: 'bad \uD800 surrogate' }],
    ['budget', { budget: 0 }],
    ['budget', { budget: -5 }],
    ['budget', { budget: 10.5 }],
    ['budget', { budget: 2_147_483_648 }],
    ['budget', { budget: Number.NaN }],
    ['budget', { budget: '100' as unknown as number }],
    ['planData', { planData: [] as unknown as Record<string, never> }],
    ['planData', { planData: null as unknown as Record<string, never> }],
    ['planData', { planData: { bad: '\u0000' } }],
    ['planData', { planData: { n: Number.POSITIVE_INFINITY } }],
    ['planData', { planData: { notes: 'x'.repeat(300 * 1024) } }],
    ['planData', { planData: { when: new Date() } as unknown as Record<string, never> }],
    ['status', { status: 'booked' as 'generated' }],
    ['idempotencyKey', { idempotencyKey: '' }],
  ])('rejects a bad %s and writes nothing', async (field, overrides) => {
    const before = await countRows();
    const error = await store.plans.create(planInput(overrides)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanValidationError);
    expect((error as PlanValidationError).field).toBe(field);
    expect((error as PlanValidationError).code).toBe('PLAN_VALIDATION');
    expect(await countRows()).toBe(before);
  });

  it('rejects unknown and missing fields, naming them', async () => {
    const unknown = await store.plans
      .create({ ...planInput(), extra: 1 } as unknown as ReturnType<typeof planInput>)
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ field: 'extra' });
    const { budget: _omit, ...noBudget } = planInput();
    const missing = await store.plans
      .create(noBudget as ReturnType<typeof planInput>)
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ field: 'budget', message: 'budget: is required' });
  });

  it('rejects plan_data that is too deep', async () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 40; i++) {
      deep.next = {};
      deep = deep.next as Record<string, unknown>;
    }
    await expect(store.plans.create(planInput({ planData: root as never }))).rejects.toMatchObject({
      field: 'planData',
    });
  });
});

describe('plans.create with an idempotency key', () => {
  it('returns the first plan for the same key and wallet', async () => {
    const first = await store.plans.create(planInput({ idempotencyKey: 'retry-1', destination: 'Rome' }));
    const second = await store.plans.create(planInput({ idempotencyKey: 'retry-1', destination: 'Oslo' }));
    expect(second.id).toBe(first.id);
    expect(second.destination).toBe('Rome');
  });

  it('scopes keys to the wallet', async () => {
    const a = await store.plans.create(planInput({ idempotencyKey: 'shared' }));
    const b = await store.plans.create(planInput({ idempotencyKey: 'shared', userWallet: WALLET_B }));
    expect(a.id).not.toBe(b.id);
  });

  it('creates exactly one plan when 20 calls race with one key', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        store.plans.create(planInput({ idempotencyKey: 'race', destination: 'Race' })),
      ),
    );
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    const { rows } = await adminQuery(
      "select count(*)::int as n from plans where destination = 'Race'",
      [],
      dbName,
    );
    expect(rows[0]!.n).toBe(1);
  });
});

describe('plans.get and delete', () => {
  it('gets by id and returns undefined for an unknown id', async () => {
    const plan = await store.plans.create(planInput());
    expect(await store.plans.get(plan.id)).toEqual(plan);
    expect(await store.plans.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('gets a plan for its owner only when a wallet is given', async () => {
    const plan = await store.plans.create(planInput());
    expect(await store.plans.get(plan.id, { userWallet: WALLET_A_CHECKSUMMED })).toEqual(plan);
    await expect(store.plans.get(plan.id, { userWallet: WALLET_B })).rejects.toBeInstanceOf(
      PlanOwnershipError,
    );
    await expect(store.plans.get(plan.id, { userWallet: '0xzz' })).rejects.toMatchObject({
      code: 'PLAN_VALIDATION',
      field: 'userWallet',
    });
    expect(
      await store.plans.get('00000000-0000-4000-8000-000000000000', { userWallet: WALLET_B }),
    ).toBeUndefined();
  });

  it('rejects a malformed id', async () => {
    await expect(store.plans.get('not-a-uuid')).rejects.toMatchObject({
      code: 'PLAN_VALIDATION',
      field: 'id',
    });
    await expect(store.plans.delete("1' or '1'='1")).rejects.toBeInstanceOf(PlanValidationError);
  });

  it('deletes once', async () => {
    const plan = await store.plans.create(planInput());
    expect(await store.plans.delete(plan.id)).toBe(true);
    expect(await store.plans.delete(plan.id)).toBe(false);
    expect(await store.plans.get(plan.id)).toBeUndefined();
  });
});

describe('status transitions', () => {
  it('confirms, then cancels, and bumps updated_at', async () => {
    const plan = await store.plans.create(planInput());
    await tick(); // Plan times are JavaScript Dates: whole milliseconds
    const confirmed = await store.plans.confirm(plan.id);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.updatedAt.getTime()).toBeGreaterThan(plan.updatedAt.getTime());
    const cancelled = await store.plans.cancel(plan.id);
    expect(cancelled.status).toBe('cancelled');
  });

  it('treats repeating the same transition as a no-op success', async () => {
    const plan = await store.plans.create(planInput());
    const confirmed = await store.plans.confirm(plan.id);
    const again = await store.plans.confirm(plan.id);
    expect(again).toEqual(confirmed);
    const cancelled = await store.plans.cancel(plan.id);
    expect(await store.plans.cancel(plan.id)).toEqual(cancelled);
  });

  it('refuses to confirm a cancelled plan', async () => {
    const plan = await store.plans.create(planInput());
    await store.plans.cancel(plan.id);
    const error = await store.plans.confirm(plan.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanTransitionError);
    expect(error).toMatchObject({ code: 'PLAN_TRANSITION', from: 'cancelled', to: 'confirmed' });
    expect((await store.plans.get(plan.id))?.status).toBe('cancelled');
  });

  it('checks ownership and changes nothing for another wallet', async () => {
    const plan = await store.plans.create(planInput());
    await expect(store.plans.confirm(plan.id, { userWallet: WALLET_B })).rejects.toBeInstanceOf(
      PlanOwnershipError,
    );
    await expect(store.plans.cancel(plan.id, { userWallet: WALLET_B })).rejects.toMatchObject({
      code: 'PLAN_OWNERSHIP',
    });
    expect(await store.plans.get(plan.id)).toEqual(plan);
    const confirmed = await store.plans.confirm(plan.id, { userWallet: WALLET_A_CHECKSUMMED });
    expect(confirmed.status).toBe('confirmed');
  });

  it('reports an unknown plan', async () => {
    await expect(store.plans.confirm('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      PlanNotFoundError,
    );
    await expect(store.plans.cancel('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'PLAN_NOT_FOUND',
      planId: '00000000-0000-4000-8000-000000000000',
    });
  });

  it('leaves one consistent state after 50 parallel confirms and cancels', async () => {
    for (let round = 0; round < 3; round++) {
      const plan = await store.plans.create(planInput());
      const calls = Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? store.plans.confirm(plan.id) : store.plans.cancel(plan.id)).then(
          (p) => ({ ok: true as const, status: p.status }),
          (e: unknown) => ({ ok: false as const, error: e }),
        ),
      );
      const results = await Promise.all(calls);
      const final = (await store.plans.get(plan.id))!;
      expect(final.status).toBe('cancelled'); // at least one cancel always succeeds, and cancelled is final
      for (const r of results) {
        if (r.ok) expect(['confirmed', 'cancelled']).toContain(r.status);
        else expect(r.error).toBeInstanceOf(PlanTransitionError); // only a confirm after the cancel can fail
      }
      const { rows } = await adminQuery<{ n: number }>(
        "select count(*)::int as n from plans where id = $1 and status = 'cancelled'",
        [plan.id],
        dbName,
      );
      expect(rows[0]!.n).toBe(1);
    }
  });
});

describe('plans.updatePlanData', () => {
  it('replaces the itinerary', async () => {
    const plan = await store.plans.create(planInput());
    await tick();
    const updated = await store.plans.updatePlanData(plan.id, { replaced: true });
    expect(updated.planData).toEqual({ replaced: true });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(plan.updatedAt.getTime());
  });

  it('fails for an unknown plan and bad data', async () => {
    await expect(
      store.plans.updatePlanData('00000000-0000-4000-8000-000000000000', {}),
    ).rejects.toBeInstanceOf(PlanNotFoundError);
    const plan = await store.plans.create(planInput());
    await expect(store.plans.updatePlanData(plan.id, [] as never)).rejects.toMatchObject({
      field: 'planData',
    });
  });
});

describe('listings', () => {
  it('pages a wallet newest first with a stable cursor while plans are added', async () => {
    const wallet = '0x00000000000000000000000000000000000000aa';
    const made = await insertPlans(store, 25, { userWallet: wallet });
    const first = await store.plans.listByWallet(wallet, { limit: 10 });
    expect(first.plans.map((p) => p.id)).toEqual(
      made
        .slice(-10)
        .reverse()
        .map((p) => p.id),
    );
    expect(first.nextCursor).toEqual(expect.any(String));
    await insertPlans(store, 3, { userWallet: wallet }); // newer plans must not shift later pages
    const second = await store.plans.listByWallet(wallet, { limit: 10, cursor: first.nextCursor });
    expect(second.plans.map((p) => p.id)).toEqual(
      made
        .slice(5, 15)
        .reverse()
        .map((p) => p.id),
    );
    const third = await store.plans.listByWallet(wallet, { limit: 10, cursor: second.nextCursor });
    expect(third.plans.map((p) => p.id)).toEqual(
      made
        .slice(0, 5)
        .reverse()
        .map((p) => p.id),
    );
    expect(third.nextCursor).toBeUndefined();
  });

  it('pages correctly through plans created in the same transaction (equal created_at)', async () => {
    const wallet = '0x00000000000000000000000000000000000000bb';
    const ids = await store.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) out.push((await tx.plans.create(planInput({ userWallet: wallet }))).id);
      return out;
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.plans.listByWallet(wallet, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.plans.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(ids));
  });

  it('filters by status', async () => {
    const wallet = '0x00000000000000000000000000000000000000cc';
    const [a, b] = await insertPlans(store, 3, { userWallet: wallet });
    await store.plans.confirm(a!.id);
    await store.plans.cancel(b!.id);
    const confirmed = await store.plans.listByWallet(wallet, { status: 'confirmed' });
    expect(confirmed.plans.map((p) => p.id)).toEqual([a!.id]);
    const cancelled = await store.plans.listByStatus('cancelled', { limit: 100 });
    expect(cancelled.plans.map((p) => p.id)).toContain(b!.id);
    expect(cancelled.plans.every((p) => p.status === 'cancelled')).toBe(true);
  });

  it('lists the most recent plans', async () => {
    const made = await insertPlans(store, 3, { destination: 'Recent' });
    const recent = await store.plans.recent(3);
    expect(recent.map((p) => p.id)).toEqual(made.reverse().map((p) => p.id));
  });

  it('rejects bad listing input', async () => {
    await expect(store.plans.listByWallet('nope')).rejects.toMatchObject({ field: 'wallet' });
    await expect(store.plans.listByWallet(WALLET_A, { limit: 0 })).rejects.toMatchObject({
      field: 'options.limit',
    });
    await expect(store.plans.listByWallet(WALLET_A, { limit: 101 })).rejects.toMatchObject({
      field: 'options.limit',
    });
    await expect(store.plans.listByWallet(WALLET_A, { cursor: 'garbage' })).rejects.toMatchObject({
      field: 'cursor',
    });
    await expect(store.plans.listByStatus('lost' as never)).rejects.toMatchObject({ field: 'status' });
    await expect(store.plans.recent(1000)).rejects.toMatchObject({ field: 'limit' });
  });
});

describe('PlanModel', () => {
  it('runs custom queries on the store knex', async () => {
    const plan = await store.plans.create(planInput({ destination: 'Custom query' }));
    const rows = await PlanModel.query(store.knex)
      .where('destination', 'Custom query')
      .select('id', 'plan_data');
    expect(rows.map((r) => r.id)).toEqual([plan.id]);
    expect(rows[0]!.plan_data).toEqual(plan.planData);
  });
});

describe('store.transaction', () => {
  it('commits as one', async () => {
    const [a, b] = await store.transaction(async (tx) => [
      await tx.plans.create(planInput({ destination: 'Tx A' })),
      await tx.plans.create(planInput({ destination: 'Tx B' })),
    ]);
    expect(await store.plans.get(a!.id)).toBeDefined();
    expect(await store.plans.get(b!.id)).toBeDefined();
  });

  it('rolls back everything when the callback throws', async () => {
    let id = '';
    const boom = new Error('boom');
    await expect(
      store.transaction(async (tx) => {
        id = (await tx.plans.create(planInput({ destination: 'Rolled back' }))).id;
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(id).not.toBe('');
    expect(await store.plans.get(id)).toBeUndefined();
  });

  it("rethrows the callback's errors unchanged, a bug and a store error alike", async () => {
    const bug = new TypeError('plan.itinerary is undefined');
    await expect(store.transaction(async () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(
      store.transaction((tx) => tx.plans.confirm('00000000-0000-4000-8000-000000000000')),
    ).rejects.toBeInstanceOf(PlanNotFoundError);
  });

  it('types its own failures: no connection to begin on is STORE_UNAVAILABLE', async () => {
    const url = new URL(dbUrl);
    url.port = '1'; // nothing listens there
    const unreachable = createPlanStore({ databaseUrl: url.href, logger: { warn() {} } });
    try {
      let ran = false;
      const attempt = unreachable.transaction(async () => {
        ran = true;
      });
      await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(ran).toBe(false);
    } finally {
      await unreachable.close();
    }
  });

  it('leaves the connection clean after a failed transaction and refuses use after the end', async () => {
    let leaked: { plans: PlanStore['plans'] } | undefined;
    // A failing statement aborts the transaction; the rollback must return the connection clean.
    await expect(
      store.transaction(async (tx) => {
        leaked = tx;
        await tx.plans.create(planInput());
        await tx.plans.create(planInput({ budget: -1 }));
      }),
    ).rejects.toBeInstanceOf(PlanValidationError);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.plans.recent(1)));
    expect(results.every((r) => Array.isArray(r))).toBe(true);
    await expect(leaked!.plans.recent(1)).rejects.toMatchObject({ code: 'STORE_INTERNAL' });
    const { rows } = await adminQuery<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'",
      [dbName],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('cancels a statement that runs past timeoutMs on the server', async () => {
    const plan = await store.plans.create(planInput());
    // Another session holds the row lock, so the confirm inside the transaction blocks.
    const locker = new pg.Client({ connectionString: dbUrl });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select * from plans where id = $1 for update', [plan.id]);
      const started = Date.now();
      const error = await store
        .transaction((tx) => tx.plans.confirm(plan.id), { timeoutMs: 200 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreTimeoutError);
      expect(Date.now() - started).toBeLessThan(2000);
      expect((error as Error).message).not.toMatch(/select|update|plans/i);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await store.plans.get(plan.id))?.status).toBe('generated');
    // The limit was local to that transaction: a later slow-ish statement is not cancelled.
    await expect(store.transaction((tx) => tx.plans.confirm(plan.id))).resolves.toMatchObject({
      status: 'confirmed',
    });
  });
});
