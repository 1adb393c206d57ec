// Sharing, co-editing and the audit trail over gRPC: a real server on an ephemeral port over a
// real database. The store's own tests cover the races in depth; these prove the wire contract.
import { randomBytes } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import {
  PlanEventAction,
  type PlanServiceClient,
  PlanStatus,
  PlanView,
  ShareRole,
} from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  newSigner,
  type RunningService,
  signedMessage,
  startService,
  type TestDatabase,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from '../../../test/support';
import { callError, UNKNOWN_PLAN_ID } from './helpers';

let db: TestDatabase;
let store: PlanStore;
let running: RunningService;
let client: PlanServiceClient;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db, { pool: { maxOverflow: 10 } });
  running = await startService({ store });
  client = running.client;
});
afterAll(async () => {
  await running.stop();
  await store.close();
  await db.drop();
});

const randomWallet = () => `0x${randomBytes(20).toString('hex')}`;

async function newPlan(owner = WALLET_A) {
  const { plan } = await client.createPlan({
    userWallet: owner,
    destination: 'Lisbon',
    budget: 1500,
    planData: { grand_total: 1200, notes: 'first' },
  });
  return plan!;
}

async function footprint(planId: string) {
  const q = (sql: string) => adminQuery(sql, [planId], db.name).then((r) => r.rows);
  return {
    plan: await q('select * from plans where id = $1'),
    shares: await q('select * from plan_shares where plan_id = $1 order by id'),
    events: await q('select * from plan_events where plan_id = $1 order by id'),
  };
}

describe('SharePlan, GetPlan, ListSharedPlans, ListPlanShares, UnsharePlan', () => {
  it('shares, answers the grantee, and refuses it on the very next call after revocation', async () => {
    const plan = await newPlan();
    const viewer = randomWallet();
    const { share } = await client.sharePlan({
      planId: plan.id,
      userWallet: WALLET_A_CHECKSUMMED,
      granteeWallet: viewer,
      role: ShareRole.SHARE_ROLE_VIEWER,
    });
    expect(share).toMatchObject({
      planId: plan.id,
      granteeWallet: viewer,
      role: ShareRole.SHARE_ROLE_VIEWER,
      ownerWallet: WALLET_A,
    });
    expect(share?.createdAt).toBeInstanceOf(Date);
    expect(share?.revokedAt).toBeUndefined();

    expect((await client.getPlan({ planId: plan.id, userWallet: viewer })).plan?.etag).toBe('1');
    const shared = await client.listSharedPlans({ userWallet: viewer, view: PlanView.PLAN_VIEW_BASIC });
    expect(shared.plans.map((p) => [p.plan?.id, p.role, p.plan?.userWallet, p.plan?.planData])).toEqual([
      [plan.id, ShareRole.SHARE_ROLE_VIEWER, WALLET_A, { grand_total: 1200 }],
    ]);
    expect(shared.nextPageToken).toBe('');
    expect((await client.listPlanShares({ planId: plan.id, userWallet: WALLET_A })).shares).toEqual([share]);

    const { share: revoked } = await client.unsharePlan({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: viewer,
    });
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    const refused = await callError(client.getPlan({ planId: plan.id, userWallet: viewer }));
    expect(refused.code).toBe(status.PERMISSION_DENIED);
    expect((await client.listSharedPlans({ userWallet: viewer })).plans).toEqual([]);
  });

  it('answers NOT_FOUND for revoking a wallet the plan was never shared with', async () => {
    const plan = await newPlan();
    const error = await callError(
      client.unsharePlan({ planId: plan.id, userWallet: WALLET_A, granteeWallet: WALLET_B }),
    );
    expect([error.code, error.details]).toEqual([
      status.NOT_FOUND,
      `plan ${plan.id} is not shared with ${WALLET_B}`,
    ]);
  });
});

describe('UpdatePlan', () => {
  it('edits against the etag read, returns the new etag, and refuses a stale one with ABORTED', async () => {
    const plan = await newPlan();
    const editor = randomWallet();
    await client.sharePlan({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: editor,
      role: ShareRole.SHARE_ROLE_EDITOR,
    });
    const read = (await client.getPlan({ planId: plan.id, userWallet: editor })).plan!;
    const { plan: edited } = await client.updatePlan({
      planId: plan.id,
      userWallet: editor,
      planData: { grand_total: 1300, notes: 'second', nested: { list: [1, null, 'x'] } },
      etag: read.etag,
    });
    expect(edited).toMatchObject({
      etag: '2',
      destination: 'Lisbon',
      planData: { grand_total: 1300, notes: 'second', nested: { list: [1, null, 'x'] } },
    });
    const renamed = await client.updatePlan({
      planId: plan.id,
      userWallet: WALLET_A,
      destination: 'Porto',
      etag: '2',
    });
    expect(renamed.plan).toMatchObject({ etag: '3', destination: 'Porto', planData: edited?.planData });

    const before = await footprint(plan.id);
    const stale = await callError(
      client.updatePlan({ planId: plan.id, userWallet: editor, destination: 'Faro', etag: read.etag }),
    );
    expect([stale.code, stale.details]).toEqual([
      status.ABORTED,
      `plan ${plan.id} is at version 3, not 1: read it again and reapply the change`,
    ]);
    expect(await footprint(plan.id)).toEqual(before);
  });

  it('never lets a viewer edit, nor an editor confirm, cancel, share or read events', async () => {
    const plan = await newPlan();
    const viewer = randomWallet();
    const editor = randomWallet();
    for (const [grantee, role] of [
      [viewer, ShareRole.SHARE_ROLE_VIEWER],
      [editor, ShareRole.SHARE_ROLE_EDITOR],
    ] as const) {
      await client.sharePlan({ planId: plan.id, userWallet: WALLET_A, granteeWallet: grantee, role });
    }
    const before = await footprint(plan.id);
    const refusals = [
      () => client.updatePlan({ planId: plan.id, userWallet: viewer, destination: 'X', etag: '1' }),
      () => client.confirmPlan({ planId: plan.id, userWallet: editor }),
      () => client.cancelPlan({ planId: plan.id, userWallet: editor }),
      () =>
        client.sharePlan({
          planId: plan.id,
          userWallet: editor,
          granteeWallet: randomWallet(),
          role: ShareRole.SHARE_ROLE_EDITOR,
        }),
      () => client.unsharePlan({ planId: plan.id, userWallet: editor, granteeWallet: viewer }),
      () => client.listPlanShares({ planId: plan.id, userWallet: editor }),
      () => client.listPlanEvents({ planId: plan.id, userWallet: editor }),
    ];
    for (const call of refusals) {
      const error = await callError(call());
      expect(error.code).toBe(status.PERMISSION_DENIED);
      expect(error.details).toMatch(/^only the owner (or an editor )?may /);
    }
    expect(await footprint(plan.id)).toEqual(before);
  });

  it('does not lose an update among 20 concurrent editors (read, then write)', async () => {
    const plan = await newPlan();
    const editors = Array.from({ length: 20 }, randomWallet);
    for (const editor of editors) {
      await client.sharePlan({
        planId: plan.id,
        userWallet: WALLET_A,
        granteeWallet: editor,
        role: ShareRole.SHARE_ROLE_EDITOR,
      });
    }
    // One attempt each: a write lands on the version it read, or is ABORTED.
    const outcomes = await Promise.all(
      editors.map(async (editor) => {
        const read = (await client.getPlan({ planId: plan.id, userWallet: editor })).plan!;
        const written = await client
          .updatePlan({
            planId: plan.id,
            userWallet: editor,
            planData: { ...read.planData, [editor]: true },
            etag: read.etag,
          })
          .then(
            (r) => r.plan!,
            (err: { code: number }) => {
              expect(err.code).toBe(status.ABORTED);
              return undefined;
            },
          );
        return { read, written };
      }),
    );
    const accepted = outcomes.filter((o) => o.written);
    expect(accepted.length).toBeGreaterThan(0);
    for (const { read, written } of accepted) expect(Number(written!.etag)).toBe(Number(read.etag) + 1);
    const final = (await client.getPlan({ planId: plan.id })).plan!;
    expect(Number(final.etag)).toBe(1 + accepted.length);
    // Each accepted editor wrote on top of every earlier one, so the last state holds all of them.
    const winners = editors.filter((editor) => final.planData?.[editor] === true);
    expect(winners.length).toBe(accepted.length);
    const { events } = await client.listPlanEvents({ planId: plan.id, userWallet: WALLET_A, pageSize: 100 });
    expect(events.filter((e) => e.action === PlanEventAction.PLAN_EVENT_ACTION_UPDATED)).toHaveLength(
      accepted.length,
    );
  });
});

describe('with a session', () => {
  it("refuses a session of wallet A acting on B's plan, and acts as A on A's own", async () => {
    const signer = newSigner();
    const { nonce } = await client.createNonce();
    const { sessionToken, wallet: walletA } = await client.signIn(await signedMessage(signer, nonce));
    const asA = { sessionToken };
    const plansOfB = await newPlan(WALLET_B);
    const before = await footprint(plansOfB.id);
    const refusals = [
      // Claiming B's wallet with A's session.
      () =>
        client.sharePlan(
          {
            planId: plansOfB.id,
            userWallet: WALLET_B,
            granteeWallet: walletA,
            role: ShareRole.SHARE_ROLE_EDITOR,
          },
          asA,
        ),
      // Acting as A, the session's wallet.
      () =>
        client.sharePlan(
          { planId: plansOfB.id, granteeWallet: randomWallet(), role: ShareRole.SHARE_ROLE_EDITOR },
          asA,
        ),
      () => client.updatePlan({ planId: plansOfB.id, destination: 'Stolen', etag: '1' }, asA),
      () => client.unsharePlan({ planId: plansOfB.id, granteeWallet: walletA }, asA),
      () => client.listPlanEvents({ planId: plansOfB.id }, asA),
      () => client.getPlan({ planId: plansOfB.id }, asA),
    ];
    for (const call of refusals) expect((await callError(call())).code).toBe(status.PERMISSION_DENIED);
    expect(await footprint(plansOfB.id)).toEqual(before);

    // A's own plan, shared with no user_wallet in the request: the session names the owner.
    const plansOfA = await newPlan(walletA);
    const { share } = await client.sharePlan(
      { planId: plansOfA.id, granteeWallet: WALLET_B, role: ShareRole.SHARE_ROLE_VIEWER },
      asA,
    );
    expect(share).toMatchObject({ ownerWallet: walletA, granteeWallet: WALLET_B });
  });
});

describe('ListPlanEvents', () => {
  it('pages the trail oldest first with the actor and the status change', async () => {
    const plan = await newPlan();
    await client.sharePlan({
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: WALLET_B,
      role: ShareRole.SHARE_ROLE_EDITOR,
    });
    await client.updatePlan({ planId: plan.id, userWallet: WALLET_B, destination: 'Braga', etag: '1' });
    await client.confirmPlan({ planId: plan.id, userWallet: WALLET_A });
    await client.unsharePlan({ planId: plan.id, userWallet: WALLET_A, granteeWallet: WALLET_B });
    await client.cancelPlan({ planId: plan.id, userWallet: WALLET_A });

    const first = await client.listPlanEvents({ planId: plan.id, userWallet: WALLET_A, pageSize: 4 });
    const rest = await client.listPlanEvents({
      planId: plan.id,
      userWallet: WALLET_A,
      pageToken: first.nextPageToken,
    });
    expect(rest.nextPageToken).toBe('');
    const events = [...first.events, ...rest.events];
    expect(events.map((e) => [e.action, e.actorWallet, e.statusBefore, e.statusAfter, e.etag])).toEqual([
      [PlanEventAction.PLAN_EVENT_ACTION_CREATED, WALLET_A, 0, PlanStatus.PLAN_STATUS_GENERATED, '1'],
      [PlanEventAction.PLAN_EVENT_ACTION_SHARED, WALLET_A, 0, 0, '1'],
      [PlanEventAction.PLAN_EVENT_ACTION_UPDATED, WALLET_B, 0, 0, '2'],
      [
        PlanEventAction.PLAN_EVENT_ACTION_CONFIRMED,
        WALLET_A,
        PlanStatus.PLAN_STATUS_GENERATED,
        PlanStatus.PLAN_STATUS_CONFIRMED,
        '3',
      ],
      [PlanEventAction.PLAN_EVENT_ACTION_UNSHARED, WALLET_A, 0, 0, '3'],
      [
        PlanEventAction.PLAN_EVENT_ACTION_CANCELLED,
        WALLET_A,
        PlanStatus.PLAN_STATUS_CONFIRMED,
        PlanStatus.PLAN_STATUS_CANCELLED,
        '4',
      ],
    ]);
    expect(events[1]).toMatchObject({ granteeWallet: WALLET_B, role: ShareRole.SHARE_ROLE_EDITOR });
  });
});

describe('bad input names the proto field and writes nothing', () => {
  it('refuses each bad call with INVALID_ARGUMENT, NOT_FOUND or PERMISSION_DENIED', async () => {
    const plan = await newPlan();
    const before = await footprint(plan.id);
    const share = {
      planId: plan.id,
      userWallet: WALLET_A,
      granteeWallet: WALLET_B,
      role: ShareRole.SHARE_ROLE_VIEWER,
    };
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [
        () => client.sharePlan({ ...share, planId: UNKNOWN_PLAN_ID }),
        status.NOT_FOUND,
        `plan ${UNKNOWN_PLAN_ID} not found`,
      ],
      [
        () => client.sharePlan({ ...share, userWallet: WALLET_B, granteeWallet: randomWallet() }),
        status.PERMISSION_DENIED,
        `plan ${plan.id} does not belong to the given wallet`,
      ],
      [
        () => client.sharePlan({ ...share, granteeWallet: WALLET_A_CHECKSUMMED }),
        status.INVALID_ARGUMENT,
        'grantee_wallet: must not be the plan owner',
      ],
      [
        () => client.sharePlan({ ...share, granteeWallet: '0xnope' }),
        status.INVALID_ARGUMENT,
        'grantee_wallet: must be 0x followed by 40 hexadecimal digits',
      ],
      [
        () => client.sharePlan({ ...share, granteeWallet: '' }),
        status.INVALID_ARGUMENT,
        'grantee_wallet: is required',
      ],
      [
        () => client.sharePlan({ ...share, role: ShareRole.SHARE_ROLE_UNSPECIFIED }),
        status.INVALID_ARGUMENT,
        'role: must be one of SHARE_ROLE_VIEWER, SHARE_ROLE_EDITOR',
      ],
      [
        () => client.sharePlan({ ...share, role: 7 as ShareRole }),
        status.INVALID_ARGUMENT,
        'role: must be one of SHARE_ROLE_VIEWER, SHARE_ROLE_EDITOR',
      ],
      [
        () => client.sharePlan({ ...share, userWallet: '' }),
        status.INVALID_ARGUMENT,
        'user_wallet: is required',
      ],
      [
        () => client.updatePlan({ planId: plan.id, userWallet: WALLET_A, etag: '1' }),
        status.INVALID_ARGUMENT,
        'plan_data: is required when destination is not given (nothing to change)',
      ],
      [
        () => client.updatePlan({ planId: plan.id, userWallet: WALLET_A, destination: 'X', etag: '' }),
        status.INVALID_ARGUMENT,
        'etag: is required',
      ],
      [
        () => client.updatePlan({ planId: plan.id, userWallet: WALLET_A, destination: 'X', etag: 'W/"1"' }),
        status.INVALID_ARGUMENT,
        'etag: must be an etag returned by this service',
      ],
      [
        () => client.updatePlan({ planId: plan.id, userWallet: WALLET_A, destination: 'X', etag: '9' }),
        status.ABORTED,
        `plan ${plan.id} is at version 1, not 9: read it again and reapply the change`,
      ],
      [
        () =>
          client.updatePlan({
            planId: plan.id,
            userWallet: WALLET_A,
            planData: { big: 'x'.repeat(300 * 1024) },
            etag: '1',
          }),
        status.INVALID_ARGUMENT,
        'plan_data: must be at most 262144 bytes as JSON',
      ],
      [
        () => client.updatePlan({ planId: plan.id, userWallet: WALLET_A, destination: ' ', etag: '1' }),
        status.INVALID_ARGUMENT,
        'destination: must be 1 to 255 characters of text without control characters',
      ],
      [
        () => client.listPlanEvents({ planId: plan.id, userWallet: WALLET_A, pageToken: 'forged' }),
        status.INVALID_ARGUMENT,
        'page_token: is not a cursor returned by this store',
      ],
      [
        () => client.listSharedPlans({ userWallet: WALLET_A, pageSize: 500 }),
        status.INVALID_ARGUMENT,
        'page_size: must be an integer from 1 to 100',
      ],
    ];
    for (const [call, code, details] of cases) {
      const error = await callError(call());
      expect([error.code, error.details]).toEqual([code, details]);
    }
    expect(await footprint(plan.id)).toEqual(before);
  });
});
