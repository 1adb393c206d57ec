// The Redis cache seen from outside: /health reports it (degraded, not failed, while Redis is
// down), plan-service's /metrics counts its hits, and requests keep working throughout. Redis here
// is a server of this test's own, killed and restarted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type OwnRedis,
  SEED_WALLET,
  type Stack,
  startOwnRedis,
  startStack,
  uniquePrefix,
} from '../../../test/support';

let redis: OwnRedis;
let stack: Stack;

beforeAll(async () => {
  redis = await startOwnRedis();
  stack = await startStack(
    {},
    { healthCheckIntervalMs: 100 },
    { cache: { url: redis.url, keyPrefix: uniquePrefix(), breaker: { openMs: 200 } } },
  );
});

afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

async function health() {
  const response = await stack.app.inject({ method: 'GET', url: '/health' });
  return { status: response.statusCode, body: response.json() };
}

async function healthWithCache(state: 'ok' | 'degraded') {
  let last = await health();
  const deadline = Date.now() + 10_000;
  while (last.body.checks?.cache !== state && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await health();
  }
  return last;
}

async function listPlans() {
  const response = await stack.app.inject({ method: 'GET', url: `/get_user_plans/${SEED_WALLET}` });
  return { status: response.statusCode, body: response.json() };
}

async function cacheMetric(result: string): Promise<number> {
  const text = await stack.service.metrics.metrics();
  const match = new RegExp(`^plan_service_cache_reads_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text);
  return Number(match?.[1] ?? 0);
}

describe('cache health and metrics', () => {
  it('reports the cache ok and counts hits in /metrics', async () => {
    const { status, body } = await healthWithCache('ok');
    expect(status).toBe(200);
    expect(body.checks).toEqual({ gateway: 'ok', plan_service: 'ok', database: 'ok', cache: 'ok' });

    const generated = await stack.app.inject({
      method: 'POST',
      url: '/generate_plan',
      payload: { destination: 'Paris', budget: 2000, user_wallet: SEED_WALLET },
    });
    expect(generated.statusCode).toBe(200);
    const planId = generated.json().plan.plan_id;
    await expect
      .poll(async () => {
        const { body: listed } = await listPlans();
        expect(listed.plans.map((plan: { plan_id: string }) => plan.plan_id)).toEqual([planId]);
        return cacheMetric('hit');
      })
      .toBeGreaterThan(0);
    expect(await cacheMetric('miss')).toBeGreaterThan(0);
    expect(await stack.service.metrics.metrics()).toMatch(/^plan_service_cache_up 1$/m);
  });

  it('answers 200 with the cache degraded while Redis is down, and ok again after it restarts', async () => {
    await redis.kill();
    const down = await healthWithCache('degraded');
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('success');
    expect(down.body.checks).toMatchObject({ database: 'ok', cache: 'degraded' });
    expect(down.body.response).toContain('cache is degraded');
    expect(await stack.service.metrics.metrics()).toMatch(/^plan_service_cache_up 0$/m);

    const listed = await listPlans();
    expect(listed.status).toBe(200);
    expect(listed.body.plans).toHaveLength(1);

    await redis.start();
    const up = await healthWithCache('ok');
    expect(up.status).toBe(200);
    expect(up.body.checks.cache).toBe('ok');
  });
});
