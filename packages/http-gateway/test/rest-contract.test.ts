// The old REST API's exact JSON shapes and status codes, through the real stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWallet, SEED_WALLET, type Stack, startStack } from '../../../test/support';
import { GATEWAY_ERRORS } from '../src/index';
import { keys } from './helpers';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

const GENERATE_SUCCESS_KEYS = ['error', 'formatted_plan', 'plan', 'status'];
const GENERATE_ERROR_KEYS = ['code', 'error', 'formatted_plan', 'plan', 'status'];
const BOOKING_SUCCESS_KEYS = ['booking_status', 'confirmation_message', 'error', 'payment_status', 'status'];
const BOOKING_ERROR_KEYS = [
  'booking_status',
  'code',
  'confirmation_message',
  'error',
  'payment_status',
  'status',
];
const LEGACY_PLAN_KEYS = [
  'activities',
  'created_at',
  'destination',
  'flights',
  'grand_total',
  'hotels',
  'plan_id',
  'platform_fee',
  'total_cost',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function post(url: string, payload: unknown, headers: Record<string, string> = {}) {
  const response = await stack.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await stack.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

async function generate(wallet: string, destination = 'Paris', budget = 2000) {
  const { status, body } = await post('/generate_plan', { destination, budget, user_wallet: wallet });
  expect(status).toBe(200);
  return body.plan as { plan_id: string; grand_total: number; created_at: string; destination: string };
}

describe('POST /generate_plan', () => {
  it("answers the seed's curl payload verbatim with the legacy success shape", async () => {
    // DATABASE_SETUP.md: curl -X POST http://localhost:8000/generate_plan -H "Content-Type: application/json" -d '…'
    const { status, body, headers } = await post(
      '/generate_plan',
      '{"destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}',
    );
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(keys(body)).toEqual(GENERATE_SUCCESS_KEYS);
    expect(body.status).toBe('success');
    expect(body.error).toBeNull();
    expect(typeof body.formatted_plan).toBe('string');
    expect(body.formatted_plan).toContain('Paris');

    const plan = body.plan;
    expect(keys(plan)).toEqual(expect.arrayContaining(LEGACY_PLAN_KEYS));
    expect(plan.destination).toBe('Paris');
    expect(plan.plan_id).toMatch(UUID);
    expect(plan.created_at).toMatch(ISO_WITH_ZONE);
    expect(Math.abs(Date.parse(plan.created_at) - Date.now())).toBeLessThan(60_000);
    expect(Array.isArray(plan.flights)).toBe(true);
    expect(plan.flights.length).toBeGreaterThan(0);
    for (const leg of plan.flights) {
      expect(keys(leg)).toEqual(
        expect.arrayContaining(['airline', 'dates', 'from_location', 'price', 'to_location']),
      );
      expect(typeof leg.from_location).toBe('string');
      expect(typeof leg.to_location).toBe('string');
      expect(typeof leg.airline).toBe('string');
      expect(typeof leg.dates).toBe('string');
      expect(typeof leg.price).toBe('number');
    }
    expect(plan.hotels.length).toBeGreaterThan(0);
    for (const stay of plan.hotels) {
      expect(keys(stay)).toEqual(
        expect.arrayContaining(['location', 'name', 'nights', 'price_per_night', 'total']),
      );
      expect(typeof stay.name).toBe('string');
      expect(typeof stay.location).toBe('string');
      expect(typeof stay.price_per_night).toBe('number');
      expect(Number.isInteger(stay.nights)).toBe(true);
      expect(typeof stay.total).toBe('number');
    }
    expect(plan.activities.every((name: unknown) => typeof name === 'string')).toBe(true);
    expect(typeof plan.total_cost).toBe('number');
    expect(typeof plan.platform_fee).toBe('number');
    expect(plan.grand_total).toBeCloseTo(plan.total_cost + plan.platform_fee, 2);
    expect(plan.grand_total).toBeLessThanOrEqual(2000);

    // The row is stored with status "generated" under the plan_id.
    const stored = await stack.store.plans.get(plan.plan_id);
    expect(stored?.status).toBe('generated');
    expect(stored?.userWallet).toBe(SEED_WALLET);
    expect(stored?.budget).toBe(2000);
  });

  it('ignores unknown fields, as the old backend did', async () => {
    const { status, body } = await post('/generate_plan', {
      destination: 'Rome',
      budget: 3000,
      user_wallet: randomWallet(),
      session_id: 'abc',
      unexpected: { nested: true },
    });
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(body.plan.unexpected).toBeUndefined();
  });

  it('returns the same plan for the same Idempotency-Key and a new one without it', async () => {
    const wallet = randomWallet();
    const payload = { destination: 'Lisbon', budget: 2500, user_wallet: wallet };
    const key = `retry-${Date.now()}`;
    const first = await post('/generate_plan', payload, { 'idempotency-key': key });
    const second = await post('/generate_plan', payload, { 'idempotency-key': key });
    const third = await post('/generate_plan', payload);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.plan.plan_id).toBe(first.body.plan.plan_id);
    expect(third.body.plan.plan_id).not.toBe(first.body.plan.plan_id);
    const page = await stack.store.plans.listByWallet(wallet);
    expect(page.plans).toHaveLength(2);
  });

  it('rejects an Idempotency-Key longer than 255 characters with 400 before any plan is stored', async () => {
    const wallet = randomWallet();
    const { status, body } = await post(
      '/generate_plan',
      { destination: 'Paris', budget: 2000, user_wallet: wallet },
      { 'idempotency-key': 'k'.repeat(256) },
    );
    expect(status).toBe(400);
    expect(keys(body)).toEqual(GENERATE_ERROR_KEYS);
    expect(body.error).toMatch(/^idempotency-key: /);
    expect((await stack.store.plans.listByWallet(wallet)).plans).toHaveLength(0);
  });

  it('answers 400 naming user_wallet for a malformed wallet, in the legacy error shape', async () => {
    const { status, body } = await post('/generate_plan', {
      destination: 'Paris',
      budget: 2000,
      user_wallet: '0x123',
    });
    expect(status).toBe(400);
    expect(body).toEqual({
      status: 'error',
      plan: null,
      formatted_plan: null,
      error: 'user_wallet: must be 0x followed by 40 hexadecimal digits',
      code: 'INVALID_ARGUMENT',
    });
  });

  it('answers 400 naming plan-service field checks it alone can make (EIP-55 checksum)', async () => {
    // Mixed case with a wrong checksum passes the gateway's format check; plan-service rejects it.
    const badChecksum = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
    const { status, body } = await post('/generate_plan', {
      destination: 'Paris',
      budget: 2000,
      user_wallet: badChecksum,
    });
    expect(status).toBe(400);
    expect(body.status).toBe('error');
    expect(body.code).toBe('INVALID_ARGUMENT');
    expect(body.error).toMatch(/^user_wallet: /);
  });

  it.each([
    [{ budget: 2000, user_wallet: SEED_WALLET }, 'destination: field required'],
    [{ destination: 'Paris', user_wallet: SEED_WALLET }, 'budget: field required'],
    [{ destination: 'Paris', budget: 2000 }, 'user_wallet: field required'],
    [{ destination: 'Paris', budget: '2000', user_wallet: SEED_WALLET }, /^budget: must be a whole number/],
    [{ destination: 'Paris', budget: 20.5, user_wallet: SEED_WALLET }, /^budget: /],
    [{ destination: 'Paris', budget: 0, user_wallet: SEED_WALLET }, /^budget: /],
    [{ destination: 'Paris', budget: 2_147_483_648, user_wallet: SEED_WALLET }, /^budget: /],
    [{ destination: '', budget: 2000, user_wallet: SEED_WALLET }, /^destination: /],
    [{ destination: 'x'.repeat(256), budget: 2000, user_wallet: SEED_WALLET }, /^destination: /],
    [{ destination: 'Par\u0000is', budget: 2000, user_wallet: SEED_WALLET }, /^destination: /],
    [{ destination: 42, budget: 2000, user_wallet: SEED_WALLET }, /^destination: /],
    [[1, 2, 3], 'body: must be a JSON object'],
  ])('answers 400 naming the field for %j', async (payload, message) => {
    const { status, body } = await post('/generate_plan', payload);
    expect(status).toBe(400);
    expect(keys(body)).toEqual(GENERATE_ERROR_KEYS);
    expect(body.plan).toBeNull();
    expect(body.formatted_plan).toBeNull();
    if (typeof message === 'string') expect(body.error).toBe(message);
    else expect(body.error).toMatch(message);
  });

  it.each([
    [
      'an infinite budget',
      '{"destination": "Paris", "budget": 1e309, "user_wallet": "0x1234567890123456789012345678901234567890"}',
      /^budget: /,
    ],
    [
      'a negative zero budget',
      '{"destination": "Paris", "budget": -0, "user_wallet": "0x1234567890123456789012345678901234567890"}',
      /^budget: /,
    ],
    [
      'a lone surrogate',
      '{"destination": "Par\\ud800is", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}',
      /^destination: /,
    ],
    [
      'a __proto__ key',
      '{"__proto__": {"admin": true}, "destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}',
      /^body: malformed JSON$/,
    ],
    [
      'a wallet of 41 hex digits',
      '{"destination": "Paris", "budget": 2000, "user_wallet": "0x12345678901234567890123456789012345678901"}',
      /^user_wallet: /,
    ],
  ])('answers 400, never 500, for %s', async (_name, raw, message) => {
    const { status, body } = await post('/generate_plan', raw);
    expect(status).toBe(400);
    expect(keys(body)).toEqual(GENERATE_ERROR_KEYS);
    expect(body.error).toMatch(message);
  });

  it('answers 400 with the minimum when the budget is too small for any trip', async () => {
    const { status, body } = await post('/generate_plan', {
      destination: 'Paris',
      budget: 1,
      user_wallet: randomWallet(),
    });
    expect(status).toBe(400);
    expect(keys(body)).toEqual(GENERATE_ERROR_KEYS);
    expect(body.code).toBe('OUT_OF_RANGE');
    expect(body.error).toMatch(/minimum is \d+/);
    const minimum = Number(/minimum is (\d+)/.exec(body.error)?.[1]);
    expect(minimum).toBeGreaterThan(1);
    // The stated minimum is enough.
    const retry = await post('/generate_plan', {
      destination: 'Paris',
      budget: minimum,
      user_wallet: randomWallet(),
    });
    expect(retry.status).toBe(200);
  });

  it('answers 400 for malformed JSON, 413 over the body limit and 415 for another content type', async () => {
    const malformed = await post('/generate_plan', '{"destination": "Paris", ');
    expect(malformed.status).toBe(400);
    expect(keys(malformed.body)).toEqual(GENERATE_ERROR_KEYS);
    expect(malformed.body.error).toBe('body: malformed JSON');

    const large = await post('/generate_plan', {
      destination: 'Paris',
      budget: 2000,
      user_wallet: SEED_WALLET,
      padding: 'x'.repeat(70 * 1024),
    });
    expect(large.status).toBe(413);
    expect(keys(large.body)).toEqual(GENERATE_ERROR_KEYS);
    expect(large.body.code).toBe('PAYLOAD_TOO_LARGE');

    const text = await stack.app.inject({
      method: 'POST',
      url: '/generate_plan',
      headers: { 'content-type': 'text/plain' },
      payload: 'destination=Paris',
    });
    expect(text.statusCode).toBe(415);
    expect(keys(text.json())).toEqual(GENERATE_ERROR_KEYS);
    expect(text.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 504 in the legacy shape when the client-set deadline passes', async () => {
    const { status, body } = await post(
      '/generate_plan',
      { destination: 'Paris', budget: 2000, user_wallet: randomWallet() },
      { 'x-request-timeout-ms': '1' },
    );
    expect(status).toBe(504);
    expect(body).toEqual({
      status: 'error',
      plan: null,
      formatted_plan: null,
      error: GATEWAY_ERRORS.DEADLINE_EXCEEDED.message,
      code: 'DEADLINE_EXCEEDED',
    });
    // The text tells the caller that the plan is most likely not stored and how to retry safely.
    expect(body.error).toMatch(/most likely not saved/);
    expect(body.error).toMatch(/same Idempotency-Key/);
  });

  it('answers 405 with Allow for another method on the route, in its shape', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/generate_plan' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST, OPTIONS');
    expect(keys(response.json())).toEqual(GENERATE_ERROR_KEYS);
    expect(response.json().code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('POST /confirm_plan and POST /cancel_plan', () => {
  it('confirms with the legacy success shape, and confirming again is a no-op success', async () => {
    const wallet = randomWallet();
    const plan = await generate(wallet);
    const first = await post('/confirm_plan', { plan_id: plan.plan_id, user_wallet: wallet });
    expect(first.status).toBe(200);
    expect(keys(first.body)).toEqual(BOOKING_SUCCESS_KEYS);
    expect(first.body).toMatchObject({
      status: 'success',
      booking_status: { flights: 'confirmed', hotels: 'confirmed', activities: 'confirmed' },
      payment_status: 'success',
      error: null,
    });
    expect(keys(first.body.booking_status)).toEqual(['activities', 'flights', 'hotels']);
    expect(first.body.confirmation_message).toContain(plan.plan_id);
    expect(first.body.confirmation_message).toContain('Payment Method: cdp');
    expect((await stack.store.plans.get(plan.plan_id))?.status).toBe('confirmed');

    const again = await post('/confirm_plan', {
      plan_id: plan.plan_id,
      user_wallet: wallet,
      payment_method: 'card',
      session_id: 's-1',
    });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('success');
    expect(again.body.confirmation_message).toContain('Payment Method: card');
  });

  it('answers 403 for a wallet that does not own the plan and leaves the plan unchanged', async () => {
    const owner = randomWallet();
    const plan = await generate(owner);
    const { status, body } = await post('/confirm_plan', {
      plan_id: plan.plan_id,
      user_wallet: randomWallet(),
    });
    expect(status).toBe(403);
    expect(keys(body)).toEqual(BOOKING_ERROR_KEYS);
    expect(body).toMatchObject({
      status: 'error',
      booking_status: null,
      payment_status: 'failed',
      confirmation_message: 'Failed to confirm plan',
      code: 'PERMISSION_DENIED',
    });
    expect(typeof body.error).toBe('string');
    const cancel = await post('/cancel_plan', { plan_id: plan.plan_id, user_wallet: randomWallet() });
    expect(cancel.status).toBe(403);
    expect((await stack.store.plans.get(plan.plan_id))?.status).toBe('generated');
    const detail = await get(`/plans/${plan.plan_id}`);
    expect(detail.body.plan.status).toBe('generated');
  });

  it('answers 404 with "Plan not found" for an unknown plan id', async () => {
    const { status, body } = await post('/confirm_plan', {
      plan_id: '00000000-0000-4000-8000-000000000000',
      user_wallet: SEED_WALLET,
    });
    expect(status).toBe(404);
    expect(keys(body)).toEqual(BOOKING_ERROR_KEYS);
    expect(body.confirmation_message).toBe('Plan not found');
    expect(body.code).toBe('NOT_FOUND');
  });

  it('answers 400 naming plan_id for a malformed id without calling plan-service', async () => {
    const { status, body } = await post('/confirm_plan', { plan_id: 'not-a-uuid', user_wallet: SEED_WALLET });
    expect(status).toBe(400);
    expect(body.error).toMatch(/^plan_id: must be a UUID/);
    expect(body.payment_status).toBe('failed');
  });

  it('cancels with booking_status all "cancelled"; confirming a cancelled plan is a 409', async () => {
    const wallet = randomWallet();
    const plan = await generate(wallet);
    const cancel = await post('/cancel_plan', { plan_id: plan.plan_id, user_wallet: wallet });
    expect(cancel.status).toBe(200);
    expect(keys(cancel.body)).toEqual(BOOKING_SUCCESS_KEYS);
    expect(cancel.body).toMatchObject({
      status: 'success',
      booking_status: { flights: 'cancelled', hotels: 'cancelled', activities: 'cancelled' },
      error: null,
    });
    const again = await post('/cancel_plan', { plan_id: plan.plan_id, user_wallet: wallet });
    expect(again.status).toBe(200);

    const confirm = await post('/confirm_plan', { plan_id: plan.plan_id, user_wallet: wallet });
    expect(confirm.status).toBe(409);
    expect(keys(confirm.body)).toEqual(BOOKING_ERROR_KEYS);
    expect(confirm.body).toMatchObject({
      status: 'error',
      booking_status: null,
      payment_status: 'failed',
      code: 'FAILED_PRECONDITION',
    });
    expect((await stack.store.plans.get(plan.plan_id))?.status).toBe('cancelled');
  });
});

describe('GET /get_user_plans/{user_wallet}', () => {
  it('lists newest first with total_cost = grand_total, and pages with limit, cursor and next_cursor', async () => {
    const wallet = randomWallet();
    const made: { plan_id: string; grand_total: number }[] = [];
    for (const destination of ['Paris', 'Rome', 'Tokyo', 'Berlin', 'Madrid']) {
      made.push(await generate(wallet, destination, 5000));
    }
    await post('/confirm_plan', { plan_id: made[0]!.plan_id, user_wallet: wallet });

    const all = await get(`/get_user_plans/${wallet}`);
    expect(all.status).toBe(200);
    expect(keys(all.body)).toEqual(['error', 'next_cursor', 'plans', 'status']);
    expect(all.body.status).toBe('success');
    expect(all.body.error).toBeNull();
    expect(all.body.next_cursor).toBeNull();
    expect(all.body.plans.map((p: { plan_id: string }) => p.plan_id)).toEqual(
      made.map((p) => p.plan_id).reverse(),
    );
    for (const entry of all.body.plans) {
      expect(keys(entry)).toEqual(['created_at', 'destination', 'plan_id', 'status', 'total_cost']);
      expect(entry.created_at).toMatch(ISO_WITH_ZONE);
      expect(entry.total_cost).toBe(made.find((p) => p.plan_id === entry.plan_id)?.grand_total);
    }
    expect(all.body.plans.at(-1).status).toBe('confirmed');
    expect(all.body.plans[0].status).toBe('generated');

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(
        `/get_user_plans/${wallet}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.plans.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.plans.map((p: { plan_id: string }) => p.plan_id));
      cursor = page.body.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((p) => p.plan_id).reverse());

    const confirmed = await get(`/get_user_plans/${wallet}?status=confirmed`);
    expect(confirmed.body.plans.map((p: { plan_id: string }) => p.plan_id)).toEqual([made[0]!.plan_id]);
  });

  it('finds plans whatever the letter case of the wallet in the path', async () => {
    const wallet = `0x${'ab'.repeat(20)}`;
    const plan = await generate(wallet);
    const upper = await get(`/get_user_plans/0x${'AB'.repeat(20)}`);
    expect(upper.status).toBe(200);
    expect(upper.body.plans.map((p: { plan_id: string }) => p.plan_id)).toContain(plan.plan_id);
  });

  it('answers an empty list for a wallet without plans', async () => {
    const { status, body } = await get(`/get_user_plans/${randomWallet()}`);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'success', plans: [], error: null, next_cursor: null });
  });

  it.each([
    ['/get_user_plans/0xnot-a-wallet', /^user_wallet: must be 0x followed by 40 hexadecimal digits$/],
    [`/get_user_plans/${SEED_WALLET}?limit=0`, /^limit: /],
    [`/get_user_plans/${SEED_WALLET}?limit=101`, /^limit: /],
    [`/get_user_plans/${SEED_WALLET}?limit=abc`, /^limit: /],
    [`/get_user_plans/${SEED_WALLET}?status=lost`, /^status: /],
    [`/get_user_plans/${SEED_WALLET}?cursor=garbage`, /^cursor/],
  ])('answers 400 in the list shape for %s', async (url, message) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(keys(body)).toEqual(['code', 'error', 'plans', 'status']);
    expect(body.status).toBe('error');
    expect(body.plans).toEqual([]);
    expect(body.error).toMatch(message);
  });
});

describe('GET /plans/{plan_id}', () => {
  it('returns the plan with status, budget, user_wallet and updated_at', async () => {
    const wallet = randomWallet();
    const plan = await generate(wallet, 'Tokyo', 6000);
    const { status, body } = await get(`/plans/${plan.plan_id}?user_wallet=${wallet}`);
    expect(status).toBe(200);
    expect(keys(body)).toEqual(['error', 'plan', 'status']);
    expect(body.status).toBe('success');
    expect(body.error).toBeNull();
    expect(keys(body.plan)).toEqual(
      expect.arrayContaining([...LEGACY_PLAN_KEYS, 'budget', 'status', 'updated_at', 'user_wallet']),
    );
    expect(body.plan).toMatchObject({
      plan_id: plan.plan_id,
      created_at: plan.created_at,
      grand_total: plan.grand_total,
      status: 'generated',
      budget: 6000,
      user_wallet: wallet,
    });
    expect(body.plan.updated_at).toMatch(ISO_WITH_ZONE);
  });

  it('answers 403 for another wallet and 404 for an unknown plan, in the plan error shape', async () => {
    const plan = await generate(randomWallet());
    const foreign = await get(`/plans/${plan.plan_id}?user_wallet=${randomWallet()}`);
    expect(foreign.status).toBe(403);
    expect(keys(foreign.body)).toEqual(['code', 'error', 'plan', 'status']);
    expect(foreign.body.plan).toBeNull();

    const unknown = await get('/plans/00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ status: 'error', plan: null, code: 'NOT_FOUND' });

    const malformed = await get('/plans/42');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/^plan_id: /);
  });
});

describe('routing, request ids and CORS', () => {
  it('answers an unknown route with 404 in the generic error shape', async () => {
    const { status, body } = await get('/no/such/route');
    expect(status).toBe(404);
    expect(body).toEqual({ status: 'error', error: 'Route GET /no/such/route not found', code: 'NOT_FOUND' });
  });

  it('echoes a valid x-request-id and replaces an invalid one with a UUID', async () => {
    const kept = await get('/health', { 'x-request-id': 'abc-123_x.y' });
    expect(kept.headers['x-request-id']).toBe('abc-123_x.y');
    const replaced = await get('/health', { 'x-request-id': 'bad id with spaces' });
    expect(replaced.headers['x-request-id']).toMatch(UUID);
    const generated = await get('/no/such/route');
    expect(generated.headers['x-request-id']).toMatch(UUID);
    const tooLong = await get('/health', { 'x-request-id': 'a'.repeat(129) });
    expect(tooLong.headers['x-request-id']).toMatch(UUID);
  });

  it('allows the local frontend origins with credentials and refuses foreign ones', async () => {
    const allowed = await stack.app.inject({
      method: 'OPTIONS',
      url: '/generate_plan',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,idempotency-key',
      },
    });
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain('idempotency-key');

    const simple = await get(`/get_user_plans/${randomWallet()}`, { origin: 'http://localhost:3000' });
    expect(simple.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(String(simple.headers['access-control-expose-headers'])).toContain('x-request-id');

    const foreign = await get(`/get_user_plans/${randomWallet()}`, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    for (const response of [allowed, simple]) {
      expect(response.headers['access-control-allow-origin']).not.toBe('*');
    }
  });
});
