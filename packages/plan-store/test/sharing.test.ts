import { randomBytes } from 'node:crypto';
import {
  MAX_PLAN_DATA_BYTES,
  type Plan,
  PlanOwnershipError,
  PlanShareNotFoundError,
  type PlanStore,
  PlanValidationError,
  PlanVersionConflictError,
} from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from '../../../test/support';
import { planInput } from './helpers';

let store: PlanStore;
let close: () => Promise<void>;
let dbName: string;

beforeAll(async () => {
  const db = await createTestDatabase();
  // Enough connections for the races to really run side by side.
  store = createTestStore(db, { pool: { maxOverflow: 12 } });
  dbName = db.name;
  close = async () => {
    await store.close();
    await db.drop();
  };
});
afterAll(() => close());

const UNKNOWN_PLAN = '00000000-0000-4000-8000-000000000000';
const randomWallet = () => `0x${randomBytes(20).toString('hex')}`;
const ownPlan = () => store.plans.create(planInput({ userWallet: WALLET_A }));

/** What a failed call threw; fails the test when the call succeeded. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error;
}

/** Everything a refused call could have written: the plan row, its grants and its events. */
async function footprint(planId: string) {
  const q = (sql: string) => adminQuery(sql, [planId], dbName).then((r) => r.rows);
  return {
    plan: await q('select * from plans where id = $1'),
    shares: await q('select * from plan_shares where plan_id = $1 order by id'),
    events: await q('select * from plan_events where plan_id = $1 order by id'),
  };
}

async function actions(planId: string): Promise<string[]> {
  const { events } = await store.events.list(planId, { userWallet: WALLET_A, limit: 100 });
  return events.map((e) => e.action);
}

describe('the audit trail', () => {
  it('records create, confirm and cancel with the actor and the status before and after', async () => {
    const plan = await ownPlan();
    await store.plans.confirm(plan.id, { userWallet: WALLET_A });
    await store.plans.confirm(plan.id, { userWallet: WALLET_A }); // a no-op: no event, no version
    const cancelled = await store.plans.cancel(plan.id, { userWallet: WALLET_A_CHECKSUMMED });
    expect(cancelled.version).toBe(3);

    const { events } = await store.events.list(plan.id, { userWallet: WALLET_A });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'created',
        actorWallet: WALLET_A,
        statusBefore: null,
        statusAfter: 'generated',
        version: 1,
      }),
      expect.objectContaining({
        action: 'confirmed',
        actorWallet: WALLET_A,
        statusBefore: 'generated',
        statusAfter: 'confirmed',
        version: 2,
      }),
      expect.objectContaining({
        action: 'cancelled',
        actorWallet: WALLET_A,
        statusBefore: 'confirmed',
        statusAfter: 'cancelled',
        version: 3,
      }),
    ]);
    expect(events.every((e) => e.ownerWallet === WALLET_A && e.createdAt instanceof Date)).toBe(true);
  });

  it('records one created event for an idempotent create retried, and a trusted update with no actor', async () => {
    const input = planInput({ idempotencyKey: `k-${randomBytes(4).toString('hex')}` });
    const [first, second] = await Promise.all([store.plans.create(input), store.plans.create(input)]);
    expect(second!.id).toBe(first!.id);
    await store.plans.updatePlanData(first!.id, { replaced: true });
    const { events } = await store.events.list(first!.id);
    expect(events.map((e) => [e.action, e.actorWallet, e.version])).toEqual([
      ['created', WALLET_A, 1],
      ['updated', null, 2],
    ]);
  });

  it('pages oldest first with a cursor, and refuses a forged cursor naming the field', async () => {
    const plan = await ownPlan();
    for (const role of ['viewer', 'editor', 'viewer'] as const) {
      await store.shares.share({ planId: plan.id, userWallet: WALLET_A, granteeWallet: WALLET_B, role });
    }
    const first = await store.events.list(plan.id, { userWallet: WALLET_A, limit: 2 });
    expect(first.events.map((e) => e.action)).toEqual(['created', 'shared']);
    const second = await store.events.list(plan.id, {
      userWallet: WALLET_A,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(second.events.map((e) => [e.action, e.role])).toEqual([
      ['shared', 'editor'],
      ['shared', 'viewer'],
    ]);
    expect(second.nextCursor).toBeUndefined();
    const forged = await failure(store.events.list(plan.id, { userWallet: WALLET_A, cursor: 'eyJ4Ijox' }));
    expect(forged).toMatchObject({ code: 'PLAN_VALIDATION', field: 'cursor' });
  });

  it('is append-only: a row cannot be changed', async () => {
    const plan = await ownPlan();
    await expect(
      adminQuery(`update plan_events set action = 'cancelled' where plan_id = $1`, [plan.id], dbName),
    ).rejects.toThrow(/append-only/);
  });
});

describe('sharing', () => {
  it('lets a viewer read and list a plan, and lists the grant for the owner', async () => {
    const plan = await ownPlan();
    const viewer = randomWallet();
    const share = await store.shares.share({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: viewer,
      role: 'viewer',
    });
    expect(share).toMatchObject({
      planId: plan.id,
      ownerWallet: WALLET_A,
      granteeWallet: viewer,
      role: 'viewer',
    });
    expect(share.revokedAt).toBeUndefined();

    expect((await store.plans.get(plan.id, { userWallet: viewer }))?.id).toBe(plan.id);
    const shared = await store.shares.listSharedWith(viewer);
    expect(shared.plans.map((s) => [s.plan.id, s.role, s.plan.userWallet])).toEqual([
      [plan.id, 'viewer', WALLET_A],
    ]);
    expect(await store.shares.list(plan.id, { userWallet: WALLET_A })).toEqual([share]);
    // A stranger still reads nothing.
    expect(await failure(store.plans.get(plan.id, { userWallet: randomWallet() }))).toBeInstanceOf(
      PlanOwnershipError,
    );
  });

  it('makes a revocation visible on the very next request', async () => {
    const plan = await ownPlan();
    const editor = randomWallet();
    await store.shares.share({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: editor,
      role: 'editor',
    });
    const read = (await store.plans.get(plan.id, { userWallet: editor }))!;

    const revoked = await store.shares.unshare({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: editor,
    });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked.revokedBy).toBe(WALLET_A);

    expect(await failure(store.plans.get(plan.id, { userWallet: editor }))).toBeInstanceOf(
      PlanOwnershipError,
    );
    expect(
      await failure(
        store.plans.update(plan.id, {
          userWallet: editor,
          expectedVersion: read.version,
          destination: 'Rome',
        }),
      ),
    ).toBeInstanceOf(PlanOwnershipError);
    expect((await store.shares.listSharedWith(editor)).plans).toEqual([]);
    expect(await store.shares.list(plan.id, { userWallet: WALLET_A })).toEqual([]);
    // Revoking again answers the revoked grant and writes nothing.
    const before = await footprint(plan.id);
    expect(
      await store.shares.unshare({ planId: plan.id, userWallet: WALLET_A, granteeWallet: editor }),
    ).toEqual(revoked);
    expect(await footprint(plan.id)).toEqual(before);
    expect(await actions(plan.id)).toEqual(['created', 'shared', 'unshared']);
  });

  it('never lets a viewer edit', async () => {
    const plan = await ownPlan();
    const viewer = randomWallet();
    await store.shares.share({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: viewer,
      role: 'viewer',
    });
    const before = await footprint(plan.id);
    const refused = await failure(
      store.plans.update(plan.id, { userWallet: viewer, expectedVersion: 1, planData: { hacked: true } }),
    );
    expect(refused).toBeInstanceOf(PlanOwnershipError);
    expect(refused.message).toBe(`only the owner or an editor may edit plan ${plan.id}`);
    expect(await footprint(plan.id)).toEqual(before);
  });

  it('never lets an editor confirm, cancel, share, revoke, list grants or read events', async () => {
    const plan = await ownPlan();
    const editor = randomWallet();
    await store.shares.share({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: editor,
      role: 'editor',
    });
    const before = await footprint(plan.id);
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['confirm', () => store.plans.confirm(plan.id, { userWallet: editor })],
      ['cancel', () => store.plans.cancel(plan.id, { userWallet: editor })],
      [
        'share',
        () =>
          store.shares.share({
            planId: plan.id,
            userWallet: editor,
            granteeWallet: randomWallet(),
            role: 'viewer',
          }),
      ],
      [
        'revoke shares of',
        () => store.shares.unshare({ planId: plan.id, userWallet: editor, granteeWallet: editor }),
      ],
      ['list the shares of', () => store.shares.list(plan.id, { userWallet: editor })],
      ['read the events of', () => store.events.list(plan.id, { userWallet: editor })],
    ];
    for (const [what, attempt] of attempts) {
      const refused = await failure(attempt());
      expect(refused).toBeInstanceOf(PlanOwnershipError);
      expect(refused.message).toBe(`only the owner may ${what} plan ${plan.id}`);
    }
    expect(await footprint(plan.id)).toEqual(before);
    // What an editor may do, it does.
    const edited = await store.plans.update(plan.id, {
      userWallet: editor,
      expectedVersion: 1,
      destination: 'Oslo',
    });
    expect(edited).toMatchObject({ destination: 'Oslo', version: 2, status: 'generated' });
  });

  it('changes the role when shared again with the other role, and nothing when with the same', async () => {
    const plan = await ownPlan();
    const grantee = randomWallet();
    const share = (role: 'viewer' | 'editor') =>
      store.shares.share({ planId: plan.id, userWallet: WALLET_A, granteeWallet: grantee, role });
    const first = await share('viewer');
    expect(await share('viewer')).toEqual(first);
    expect((await share('editor')).role).toBe('editor');
    expect(await actions(plan.id)).toEqual(['created', 'shared', 'shared']);
    expect(await store.shares.list(plan.id, { userWallet: WALLET_A })).toHaveLength(1);
  });

  it('pages "shared with me" newest grant first', async () => {
    const grantee = randomWallet();
    const plans: Plan[] = [];
    for (let i = 0; i < 5; i++) {
      const plan = await ownPlan();
      plans.push(plan);
      await store.shares.share({
        planId: plan.id,
        userWallet: WALLET_A,
        granteeWallet: grantee,
        role: i % 2 ? 'editor' : 'viewer',
      });
    }
    const first = await store.shares.listSharedWith(grantee, { limit: 3 });
    const second = await store.shares.listSharedWith(grantee, { limit: 3, cursor: first.nextCursor });
    expect([...first.plans, ...second.plans].map((s) => s.plan.id)).toEqual(plans.map((p) => p.id).reverse());
    expect(second.nextCursor).toBeUndefined();
    expect(first.plans[0]!.role).toBe('viewer');
    expect(first.plans[1]!.role).toBe('editor');
  });
});

describe('editing against a version', () => {
  it('bumps the version, keeps what the edit leaves out, and refuses a stale version', async () => {
    const plan = await ownPlan();
    const edited = await store.plans.update(plan.id, {
      userWallet: WALLET_A,
      expectedVersion: 1,
      destination: ' Lyon ',
    });
    expect(edited).toMatchObject({ destination: 'Lyon', planData: plan.planData, version: 2 });
    const before = await footprint(plan.id);
    const stale = await failure(
      store.plans.update(plan.id, { userWallet: WALLET_A, expectedVersion: 1, planData: { lost: true } }),
    );
    expect(stale).toBeInstanceOf(PlanVersionConflictError);
    expect(stale).toMatchObject({ code: 'PLAN_VERSION_CONFLICT', expectedVersion: 1, currentVersion: 2 });
    expect(await footprint(plan.id)).toEqual(before);
  });

  it('20 concurrent editors, each reading then writing: no lost update, one event per accepted change', async () => {
    const plan = await store.plans.create(planInput({ planData: { edits: [] } }));
    const editors = Array.from({ length: 20 }, randomWallet);
    for (const editor of editors) {
      await store.shares.share({
        planId: plan.id,
        userWallet: WALLET_A,
        granteeWallet: editor,
        role: 'editor',
      });
    }
    let refused = 0;
    const accepted: Array<{ read: number; wrote: number }> = [];
    await Promise.all(
      editors.map(async (editor) => {
        // Read, change, write; on a conflict read again. Each editor's change must land exactly once.
        for (;;) {
          const current = (await store.plans.get(plan.id, { userWallet: editor }))!;
          const edits = [...(current.planData.edits as string[]), editor];
          try {
            const written = await store.plans.update(plan.id, {
              userWallet: editor,
              expectedVersion: current.version,
              planData: { edits },
            });
            accepted.push({ read: current.version, wrote: written.version });
            return;
          } catch (err) {
            expect(err).toBeInstanceOf(PlanVersionConflictError);
            refused++;
          }
        }
      }),
    );
    const final = (await store.plans.get(plan.id))!;
    // Every write landed on the version it read; none was lost.
    expect(accepted.every((a) => a.wrote === a.read + 1)).toBe(true);
    expect([...(final.planData.edits as string[])].sort()).toEqual([...editors].sort());
    expect(final.version).toBe(1 + editors.length);
    const { rows } = await adminQuery<{ plan_version: number; actor_wallet: string }>(
      `select plan_version, actor_wallet from plan_events where plan_id = $1 and action = 'updated' order by id`,
      [plan.id],
      dbName,
    );
    expect(rows.map((r) => r.plan_version)).toEqual(accepted.map((a) => a.wrote).sort((a, b) => a - b));
    expect(rows.map((r) => r.actor_wallet).sort()).toEqual([...editors].sort());
    // The race was real: editors did collide.
    expect(refused).toBeGreaterThan(0);
  });
});

describe('sharing races', () => {
  it('the same grant 50 times at once leaves one active grant and one event', async () => {
    const plan = await ownPlan();
    const grantee = randomWallet();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        store.shares.share({ planId: plan.id, userWallet: WALLET_A, granteeWallet: grantee, role: 'editor' }),
      ),
    );
    expect(new Set(results.map((r) => r.createdAt.getTime())).size).toBe(1);
    const { rows } = await adminQuery<{ active: number; total: number }>(
      `select count(*) filter (where revoked_at is null)::int as active, count(*)::int as total
         from plan_shares where plan_id = $1`,
      [plan.id],
      dbName,
    );
    expect(rows[0]).toEqual({ active: 1, total: 1 });
    expect(await actions(plan.id)).toEqual(['created', 'shared']);
  });

  it('share and revoke racing end in one consistent state', async () => {
    for (let round = 0; round < 3; round++) {
      const plan = await ownPlan();
      const grantee = randomWallet();
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? store.shares.share({
                planId: plan.id,
                userWallet: WALLET_A,
                granteeWallet: grantee,
                role: 'viewer',
              })
            : store.shares
                .unshare({ planId: plan.id, userWallet: WALLET_A, granteeWallet: grantee })
                .catch((err) => {
                  // Only a revoke that ran before any grant may find nothing.
                  expect(err).toBeInstanceOf(PlanShareNotFoundError);
                }),
        ),
      );
      const active = await store.shares.list(plan.id, { userWallet: WALLET_A });
      const trail = (await actions(plan.id)).slice(1);
      // Grants and revocations strictly alternate, and the last one says what is in force.
      expect(trail).toEqual(trail.map((_, i) => (i % 2 === 0 ? 'shared' : 'unshared')));
      expect(active).toHaveLength(trail.at(-1) === 'shared' ? 1 : 0);
      const canRead = await store.plans.get(plan.id, { userWallet: grantee }).then(
        () => true,
        () => false,
      );
      expect(canRead).toBe(active.length === 1);
    }
  });
});

describe('bad input is refused naming the field, and nothing is written', () => {
  it('refuses each bad call', async () => {
    const plan = await ownPlan();
    const before = await footprint(plan.id);
    const share = (overrides: Record<string, unknown>) =>
      store.shares.share({
        planId: plan.id,
        userWallet: WALLET_A,
        granteeWallet: WALLET_B,
        role: 'viewer',
        ...overrides,
      } as Parameters<typeof store.shares.share>[0]);
    const edit = (overrides: Record<string, unknown>) =>
      store.plans.update(plan.id, {
        userWallet: WALLET_A,
        expectedVersion: 1,
        ...overrides,
      } as Parameters<typeof store.plans.update>[1]);

    const cases: Array<[string, () => Promise<unknown>, Record<string, unknown>]> = [
      ['unknown plan', () => share({ planId: UNKNOWN_PLAN }), { code: 'PLAN_NOT_FOUND' }],
      [
        'unknown plan (edit)',
        () =>
          store.plans.update(UNKNOWN_PLAN, { userWallet: WALLET_A, expectedVersion: 1, destination: 'X' }),
        { code: 'PLAN_NOT_FOUND' },
      ],
      [
        'unknown plan (events)',
        () => store.events.list(UNKNOWN_PLAN, { userWallet: WALLET_A }),
        { code: 'PLAN_NOT_FOUND' },
      ],
      [
        'not the owner',
        () => share({ userWallet: WALLET_B, granteeWallet: randomWallet() }),
        { code: 'PLAN_OWNERSHIP' },
      ],
      ['grantee = owner', () => share({ granteeWallet: WALLET_A_CHECKSUMMED }), { field: 'granteeWallet' }],
      ['bad grantee wallet', () => share({ granteeWallet: '0x123' }), { field: 'granteeWallet' }],
      ['bad acting wallet', () => share({ userWallet: 'alice' }), { field: 'userWallet' }],
      ['unknown role', () => share({ role: 'admin' }), { field: 'role' }],
      ['missing role', () => share({ role: undefined }), { field: 'role' }],
      ['bad plan id', () => share({ planId: 'x' }), { field: 'planId' }],
      ['empty patch', () => edit({}), { field: 'planData' }],
      [
        'oversized plan_data',
        () => edit({ planData: { big: 'x'.repeat(MAX_PLAN_DATA_BYTES) } }),
        { field: 'planData' },
      ],
      ['empty destination', () => edit({ destination: '  ' }), { field: 'destination' }],
      ['bad version', () => edit({ expectedVersion: 0, destination: 'X' }), { field: 'expectedVersion' }],
      [
        'wrong version',
        () => edit({ expectedVersion: 7, destination: 'X' }),
        { code: 'PLAN_VERSION_CONFLICT' },
      ],
      ['unknown field', () => edit({ destination: 'X', owner: WALLET_B }), { field: 'owner' }],
      [
        'never shared',
        () => store.shares.unshare({ planId: plan.id, userWallet: WALLET_A, granteeWallet: WALLET_B }),
        { code: 'SHARE_NOT_FOUND' },
      ],
    ];
    for (const [name, call, expected] of cases) {
      const error = await failure(call());
      expect(error, name).toMatchObject(expected);
      if ('field' in expected) expect(error, name).toBeInstanceOf(PlanValidationError);
    }
    expect(await footprint(plan.id)).toEqual(before);
    expect(await store.plans.get(UNKNOWN_PLAN, { userWallet: WALLET_A })).toBeUndefined();
  });
});
