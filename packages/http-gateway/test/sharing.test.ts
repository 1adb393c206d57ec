// Sharing, edits with ETag / If-Match and the audit trail through the REST gateway, on the real
// stack: PostgreSQL, plan-store, plan-service over gRPC and the gateway (app.inject).
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, randomWallet, type Stack, startStack } from '../../../test/support';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

const OWNER = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';

async function newPlan(): Promise<string> {
  const { plan } = await stack.client.createPlan({
    userWallet: OWNER,
    destination: 'Vienna',
    budget: 1800,
    planData: { grand_total: 1500, notes: 'draft' },
  });
  return plan!.id;
}

const inject = (options: InjectOptions) => stack.app.inject(options);

const share = (planId: string, body: Record<string, unknown>) =>
  inject({ method: 'POST', url: `/plans/${planId}/shares`, payload: { user_wallet: OWNER, ...body } });

const getPlan = (planId: string, wallet: string) =>
  inject({ method: 'GET', url: `/plans/${planId}?user_wallet=${wallet}` });

const patch = (planId: string, body: Record<string, unknown>, ifMatch?: string) =>
  inject({
    method: 'PATCH',
    url: `/plans/${planId}`,
    payload: body,
    headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
  });

async function footprint(planId: string) {
  const q = (sql: string) => adminQuery(sql, [planId], stack.db.name).then((r) => r.rows);
  return {
    plan: await q('select * from plans where id = $1'),
    shares: await q('select * from plan_shares where plan_id = $1 order by id'),
    events: await q('select * from plan_events where plan_id = $1 order by id'),
  };
}

describe('shares over REST', () => {
  it('shares, lists, answers the grantee with an ETag, and refuses it right after revocation', async () => {
    const planId = await newPlan();
    const viewer = randomWallet();
    const shared = await share(planId, { grantee_wallet: viewer, role: 'viewer' });
    expect(shared.statusCode).toBe(200);
    expect(shared.json()).toEqual({
      status: 'success',
      share: {
        plan_id: planId,
        grantee_wallet: viewer,
        role: 'viewer',
        created_at: expect.stringMatching(/Z$/),
        owner_wallet: OWNER,
        revoked_at: null,
      },
      error: null,
    });

    const read = await getPlan(planId, viewer);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().plan).toMatchObject({ plan_id: planId, user_wallet: OWNER });

    const mine = await inject({ method: 'GET', url: `/shared_plans/${viewer}` });
    expect(mine.json()).toEqual({
      status: 'success',
      plans: [
        {
          plan_id: planId,
          destination: 'Vienna',
          total_cost: 1500,
          created_at: expect.any(String),
          status: 'generated',
          role: 'viewer',
          owner_wallet: OWNER,
          shared_at: expect.any(String),
        },
      ],
      error: null,
      next_cursor: null,
    });
    const list = await inject({ method: 'GET', url: `/plans/${planId}/shares?user_wallet=${OWNER}` });
    expect(list.json().shares).toEqual([shared.json().share]);

    const revoked = await inject({
      method: 'DELETE',
      url: `/plans/${planId}/shares/${viewer}?user_wallet=${OWNER}`,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().share.revoked_at).toEqual(expect.stringMatching(/Z$/));
    const refused = await getPlan(planId, viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ status: 'error', plan: null, code: 'PERMISSION_DENIED' });
    expect((await inject({ method: 'GET', url: `/shared_plans/${viewer}` })).json().plans).toEqual([]);
  });

  it('answers bad or hostile input with a 4xx naming the field, and writes nothing', async () => {
    const planId = await newPlan();
    const before = await footprint(planId);
    const cases: Array<[() => ReturnType<typeof inject>, number, string]> = [
      [
        () =>
          share('00000000-0000-4000-8000-000000000000', { grantee_wallet: randomWallet(), role: 'viewer' }),
        404,
        'not found',
      ],
      [
        () => share(planId, { user_wallet: randomWallet(), grantee_wallet: randomWallet(), role: 'viewer' }),
        403,
        'does not belong',
      ],
      [
        () => share(planId, { grantee_wallet: OWNER.toUpperCase().replace('0X', '0x'), role: 'viewer' }),
        400,
        'grantee_wallet: must not be the plan owner',
      ],
      [
        () => share(planId, { grantee_wallet: '0x1234', role: 'viewer' }),
        400,
        'grantee_wallet: must be 0x followed by 40 hexadecimal digits',
      ],
      [
        () => share(planId, { grantee_wallet: randomWallet(), role: 'admin' }),
        400,
        'role: must be one of viewer, editor',
      ],
      [() => share(planId, { grantee_wallet: randomWallet() }), 400, 'role: field required'],
      [() => share('not-a-uuid', { grantee_wallet: randomWallet(), role: 'viewer' }), 400, 'plan_id:'],
      [
        () =>
          inject({ method: 'DELETE', url: `/plans/${planId}/shares/${randomWallet()}?user_wallet=${OWNER}` }),
        404,
        'is not shared with',
      ],
      [() => inject({ method: 'GET', url: `/plans/${planId}/shares` }), 400, 'user_wallet: field required'],
      [
        () => inject({ method: 'GET', url: `/plans/${planId}/events?user_wallet=${randomWallet()}` }),
        403,
        'does not belong',
      ],
      [() => inject({ method: 'GET', url: `/shared_plans/${OWNER}?cursor=forged` }), 400, 'cursor:'],
    ];
    for (const [call, statusCode, message] of cases) {
      const response = await call();
      expect([response.statusCode, response.json().status], message).toEqual([statusCode, 'error']);
      expect(response.json().error).toContain(message);
    }
    expect(await footprint(planId)).toEqual(before);
  });
});

describe('sharing races over REST', () => {
  it('the same share 50 times at once answers 200 each time and leaves one active grant', async () => {
    const planId = await newPlan();
    const grantee = randomWallet();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => share(planId, { grantee_wallet: grantee, role: 'editor' })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const { rows } = await adminQuery<{ active: number; total: number }>(
      `select count(*) filter (where revoked_at is null)::int as active, count(*)::int as total
         from plan_shares where plan_id = $1`,
      [planId],
      stack.db.name,
    );
    expect(rows[0]).toEqual({ active: 1, total: 1 });
  });
});

describe('PATCH /plans/{plan_id} with If-Match', () => {
  it('edits against the ETag read and answers the new one; a stale ETag is 412, none is 428', async () => {
    const planId = await newPlan();
    const editor = randomWallet();
    await share(planId, { grantee_wallet: editor, role: 'editor' });
    const etag = (await getPlan(planId, editor)).headers.etag as string;

    const edited = await patch(
      planId,
      { user_wallet: editor, plan_data: { grand_total: 1600, notes: 'final' } },
      etag,
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).toBe('"2"');
    expect(edited.json().plan).toMatchObject({
      plan_id: planId,
      grand_total: 1600,
      notes: 'final',
      destination: 'Vienna',
    });

    const before = await footprint(planId);
    const stale = await patch(planId, { user_wallet: editor, destination: 'Graz' }, etag);
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: 'error', plan: null, code: 'ABORTED' });
    expect(stale.json().error).toContain('is at version 2, not 1');
    for (const [ifMatch, statusCode] of [
      [undefined, 428],
      ['*', 428],
      ['W/"2"', 412],
      ['"two"', 412],
    ] as const) {
      const response = await patch(planId, { user_wallet: editor, destination: 'Graz' }, ifMatch);
      expect(response.statusCode, String(ifMatch)).toBe(statusCode);
      expect(response.json().error).toMatch(/^If-Match: /);
    }
    const empty = await patch(planId, { user_wallet: editor }, '"2"');
    expect([empty.statusCode, empty.json().error]).toEqual([
      400,
      'plan_data: is required when destination is not given (nothing to change)',
    ]);
    const notObject = await patch(planId, { user_wallet: editor, plan_data: [1, 2] }, '"2"');
    expect([notObject.statusCode, notObject.json().error]).toEqual([400, 'plan_data: must be a JSON object']);
    const oversized = await patch(
      planId,
      { user_wallet: editor, plan_data: { big: 'x'.repeat(70_000) } },
      '"2"',
    );
    expect(oversized.statusCode).toBe(413);
    expect(await footprint(planId)).toEqual(before);
  });

  it('never lets a viewer edit, nor an editor confirm, cancel, share or read events', async () => {
    const planId = await newPlan();
    const viewer = randomWallet();
    const editor = randomWallet();
    await share(planId, { grantee_wallet: viewer, role: 'viewer' });
    await share(planId, { grantee_wallet: editor, role: 'editor' });
    const before = await footprint(planId);
    const refusals = [
      patch(planId, { user_wallet: viewer, destination: 'Linz' }, '"1"'),
      inject({ method: 'POST', url: '/confirm_plan', payload: { plan_id: planId, user_wallet: editor } }),
      inject({ method: 'POST', url: '/cancel_plan', payload: { plan_id: planId, user_wallet: editor } }),
      share(planId, { user_wallet: editor, grantee_wallet: randomWallet(), role: 'editor' }),
      inject({ method: 'DELETE', url: `/plans/${planId}/shares/${viewer}?user_wallet=${editor}` }),
      inject({ method: 'GET', url: `/plans/${planId}/shares?user_wallet=${editor}` }),
      inject({ method: 'GET', url: `/plans/${planId}/events?user_wallet=${editor}` }),
    ];
    for (const response of await Promise.all(refusals)) {
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toMatch(/^only the owner (or an editor )?may /);
    }
    expect(await footprint(planId)).toEqual(before);
  });

  it('loses no update among 20 concurrent editors reading then writing', async () => {
    const planId = await newPlan();
    const editors = Array.from({ length: 20 }, randomWallet);
    for (const editor of editors) await share(planId, { grantee_wallet: editor, role: 'editor' });
    const results = await Promise.all(
      editors.map(async (editor) => {
        const read = await getPlan(planId, editor);
        const response = await patch(
          planId,
          { user_wallet: editor, plan_data: { ...read.json().plan, [editor]: true } },
          read.headers.etag as string,
        );
        return { read: Number(JSON.parse(read.headers.etag as string)), response };
      }),
    );
    const accepted = results.filter((r) => r.response.statusCode === 200);
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of results) expect([200, 412]).toContain(r.response.statusCode);
    for (const r of accepted) expect(r.response.headers.etag).toBe(`"${r.read + 1}"`);
    const final = await getPlan(planId, OWNER);
    expect(final.headers.etag).toBe(`"${1 + accepted.length}"`);
    expect(editors.filter((e) => final.json().plan[e] === true)).toHaveLength(accepted.length);
    const events = await inject({
      method: 'GET',
      url: `/plans/${planId}/events?user_wallet=${OWNER}&limit=100`,
    });
    const updates = (events.json().events as Array<{ action: string }>).filter((e) => e.action === 'updated');
    expect(updates).toHaveLength(accepted.length);
  });
});

describe('GET /plans/{plan_id}/events', () => {
  it('answers the trail oldest first, paged', async () => {
    const planId = await newPlan();
    const editor = randomWallet();
    await share(planId, { grantee_wallet: editor, role: 'editor' });
    await patch(planId, { user_wallet: editor, destination: 'Salzburg' }, '"1"');
    await inject({ method: 'POST', url: '/confirm_plan', payload: { plan_id: planId, user_wallet: OWNER } });
    const first = await inject({
      method: 'GET',
      url: `/plans/${planId}/events?user_wallet=${OWNER}&limit=2`,
    });
    expect(first.statusCode).toBe(200);
    const cursor = first.json().next_cursor as string;
    const rest = await inject({
      method: 'GET',
      url: `/plans/${planId}/events?user_wallet=${OWNER}&cursor=${encodeURIComponent(cursor)}`,
    });
    expect(rest.json().next_cursor).toBeNull();
    expect([...first.json().events, ...rest.json().events]).toEqual([
      {
        action: 'created',
        actor_wallet: OWNER,
        status_before: null,
        status_after: 'generated',
        created_at: expect.any(String),
        grantee_wallet: null,
        role: null,
      },
      {
        action: 'shared',
        actor_wallet: OWNER,
        status_before: null,
        status_after: null,
        created_at: expect.any(String),
        grantee_wallet: editor,
        role: 'editor',
      },
      {
        action: 'updated',
        actor_wallet: editor,
        status_before: null,
        status_after: null,
        created_at: expect.any(String),
        grantee_wallet: null,
        role: null,
      },
      {
        action: 'confirmed',
        actor_wallet: OWNER,
        status_before: 'generated',
        status_after: 'confirmed',
        created_at: expect.any(String),
        grantee_wallet: null,
        role: null,
      },
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the sharing operations by operationId, and the ETag of a plan', async () => {
    const document = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    const operationIds = Object.values(
      document.paths as Record<string, Record<string, { operationId?: string }>>,
    ).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'sharePlan',
        'unsharePlan',
        'listPlanShares',
        'listSharedPlans',
        'updatePlan',
        'listPlanEvents',
        'getPlan',
      ]),
    );
    const update = document.paths['/plans/{plan_id}'].patch;
    expect(update.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain(
      'header:if-match',
    );
    expect(update.responses['200'].headers.etag).toBeDefined();
    expect(document.paths['/plans/{plan_id}'].get.responses['200'].headers.etag).toBeDefined();
  });
});
