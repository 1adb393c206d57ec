// What the old Next.js frontend relies on and does not send: no `limit` on the dashboard's list, an
// origin on whatever port `next dev` picked, and a review page that adds the prices up itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, randomWallet, type Stack, startStack } from '../../../test/support';
import { createGateway, gatewayConfigFromEnv, UNPAGED_LIST_CEILING } from '../src/index';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await stack.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

// Plans straight into the table, newest last: the list's behaviour, not generation, is under test.
async function insertPlans(wallet: string, count: number): Promise<void> {
  await adminQuery(
    `insert into plans (user_wallet, destination, budget, plan_data, created_at)
     select $1, 'Paris', 2000, '{"grand_total": 1000}'::jsonb, now() - make_interval(secs => $2 - n)
     from generate_series(1, $2::int) as n`,
    [wallet, count],
    stack.db.name,
  );
}

describe('GET /get_user_plans/{user_wallet} without limit', () => {
  it('answers the whole list, oldest plan included, as the old backend did', async () => {
    const wallet = randomWallet();
    await insertPlans(wallet, 23);
    const { status, body } = await get(`/get_user_plans/${wallet}`);
    expect(status).toBe(200);
    expect(body.plans).toHaveLength(23);
    expect(body.next_cursor).toBeNull();

    const paged = await get(`/get_user_plans/${wallet}?limit=20`);
    expect(paged.body.plans).toHaveLength(20);
    expect(paged.body.next_cursor).toEqual(expect.any(String));
  });

  it(`stops at ${UNPAGED_LIST_CEILING} plans and sets next_cursor for the rest`, async () => {
    const wallet = randomWallet();
    await insertPlans(wallet, UNPAGED_LIST_CEILING + 5);
    const first = await get(`/get_user_plans/${wallet}`);
    expect(first.body.plans).toHaveLength(UNPAGED_LIST_CEILING);
    expect(first.body.next_cursor).toEqual(expect.any(String));

    const rest = await get(`/get_user_plans/${wallet}?cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(rest.body.plans).toHaveLength(5);
    expect(rest.body.next_cursor).toBeNull();
    const ids = new Set([...first.body.plans, ...rest.body.plans].map((p: { plan_id: string }) => p.plan_id));
    expect(ids.size).toBe(UNPAGED_LIST_CEILING + 5);
  });
});

describe('the review page', () => {
  // The old page shows Σ flight prices + Σ hotel totals + a fixed $200 for activities + platform_fee
  // beside grand_total; the itemized activity prices are new fields.
  it.each(['Paris', 'Reykjavik', 'Tokyo', 'Cancun', 'New York', 'Lyon, France', 'Atlantis'])(
    'adds up for %s',
    async (destination) => {
      for (const budget of [3000, 20_000]) {
        const response = await stack.app.inject({
          method: 'POST',
          url: '/generate_plan',
          payload: { destination, budget, user_wallet: randomWallet() },
        });
        expect(response.statusCode).toBe(200);
        const plan = response.json().plan;
        const cents = (dollars: number) => Math.round(dollars * 100);
        const shown =
          plan.flights.reduce((sum: number, leg: { price: number }) => sum + cents(leg.price), 0) +
          plan.hotels.reduce((sum: number, hotel: { total: number }) => sum + cents(hotel.total), 0) +
          20_000 +
          cents(plan.platform_fee);
        expect(shown, `${destination} on ${budget}`).toBe(cents(plan.grand_total));
        expect(plan.activities_total).toBe(200);
        expect(plan.activity_details.map((a: { name: string }) => a.name)).toEqual(plan.activities);
        expect(plan.activity_details.every((a: { price: number }) => typeof a.price === 'number')).toBe(true);
      }
    },
  );
});

describe('CORS', () => {
  it('allows the frontend from any port of localhost and 127.0.0.1, with credentials', async () => {
    for (const origin of ['http://localhost:3001', 'http://127.0.0.1:4173', 'http://localhost:3000']) {
      const preflight = await stack.app.inject({
        method: 'OPTIONS',
        url: '/generate_plan',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.statusCode, origin).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    }
    for (const origin of [
      'http://localhost.evil.example:3000',
      'https://evil.example',
      'http://192.168.1.5:3000',
    ]) {
      const listed = await get(`/get_user_plans/${randomWallet()}`, { origin });
      expect(listed.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('CORS_ORIGINS replaces the default list', async () => {
    const { corsOrigins } = gatewayConfigFromEnv({ CORS_ORIGINS: 'https://app.example.com' });
    const app = await createGateway({
      planService: stack.client,
      logger: false,
      metrics: false,
      corsOrigins,
    });
    try {
      const allowed = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://app.example.com' },
      });
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      const local = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'http://localhost:3000' },
      });
      expect(local.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
