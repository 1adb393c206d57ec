// GET /analytics/summary, the page and its login over the whole stack: PostgreSQL, plan-store,
// plan-service over gRPC and the gateway (app.inject).
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWallet, type Stack, startStack } from '../../../test/support';
import { ANALYTICS_COOKIE } from '../src/analytics-page/access';
import { keys } from './helpers';

const TOKEN = 'a-long-analytics-token-for-tests';
const today = () => new Date().toISOString().slice(0, 10);

let stack: Stack;
const inject = (options: InjectOptions) => stack.app.inject(options);
const summary = (query = '', headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
  inject({ method: 'GET', url: `/analytics/summary${query}`, headers });

beforeAll(async () => {
  stack = await startStack({ analyticsToken: TOKEN }, { analyticsToken: TOKEN });
  const wallet = randomWallet();
  const generate = (destination: string) =>
    stack.client.generatePlan({ destination, budget: 4000, userWallet: wallet });
  const rome = await generate('Rome');
  await stack.client.confirmPlan({ planId: rome.plan?.id ?? '', userWallet: wallet });
  await stack.client.cancelPlan({ planId: rome.plan?.id ?? '', userWallet: wallet });
  const kyoto = await generate('Kyoto');
  await stack.client.confirmPlan({ planId: kyoto.plan?.id ?? '', userWallet: wallet });
  await generate('Kyoto');
}, 60_000);
afterAll(() => stack?.close());

describe('GET /analytics/summary', () => {
  it('answers the figures in the house shape, without any wallet', async () => {
    const response = await summary(`?from=${today()}&to=${today()}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(keys(body)).toEqual([
      'as_of',
      'daily',
      'destinations',
      'error',
      'from',
      'funnel',
      'status',
      'to',
      'totals',
    ]);
    const kyotoRevenue = (
      await stack.store.knex.raw(
        `select sum((plan_data->>'grand_total')::numeric)::float8 as total from plans where destination = 'Kyoto' and status = 'confirmed'`,
      )
    ).rows[0].total;
    expect(body).toEqual({
      status: 'success',
      as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      from: today(),
      to: today(),
      totals: { generated: 1, confirmed: 1, cancelled: 1 },
      funnel: {
        generated: 3,
        confirmed: 2,
        cancelled_before_confirm: 0,
        cancelled_after_confirm: 1,
        confirm_rate: 2 / 3,
      },
      destinations: [
        { destination: 'Kyoto', plans: 2, confirmed: 1, revenue: kyotoRevenue },
        { destination: 'Rome', plans: 1, confirmed: 0, revenue: 0 },
      ],
      daily: [{ date: today(), generated: 3, confirmed: 2, cancelled: 1 }],
      error: null,
    });
    expect(response.body).not.toMatch(/0x[0-9a-f]{40}/i);
  });

  it('defaults to the last 30 days', async () => {
    const body = (await summary()).json();
    expect(body.to).toBe(today());
    expect(body.daily).toHaveLength(30);
  });

  it.each([
    ['?from=2026-03-02&to=2026-03-01', 'from: must not be after to (2026-03-01)'],
    ['?from=2026-02-30', 'from: must be a date as YYYY-MM-DD, got "2026-02-30"'],
    ['?to=tomorrow', 'to: must be a date as YYYY-MM-DD, got "tomorrow"'],
    ['?from=2024-01-01&to=2025-06-30', 'to: the range must be at most 366 days, got 547'],
    ['?from=2024-01-01T00:00:00Z', 'from'],
  ])('refuses %s with 400 naming what is wrong', async (query, message) => {
    const response = await summary(query);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 'error', error: expect.stringContaining(message) });
  });

  it.each([
    ['no credentials', {}],
    ['a wrong bearer token', { authorization: 'Bearer not-the-token' }],
    ['the token in another scheme', { authorization: `Basic ${TOKEN}` }],
    ['a forged cookie', { cookie: `${ANALYTICS_COOKIE}=${TOKEN}` }],
  ])('answers 401 to %s', async (_, headers: Record<string, string>) => {
    const response = await summary('', headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(response.json()).toEqual({
      status: 'error',
      error: expect.stringContaining('ANALYTICS_TOKEN'),
      code: 'UNAUTHENTICATED',
    });
    expect(response.body).not.toContain(TOKEN);
  });
});

describe('the page login', () => {
  it('refuses a wrong token and sets no cookie', async () => {
    const response = await inject({ method: 'POST', url: '/analytics/login', payload: { token: 'guess' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('sets an HttpOnly, SameSite=Strict cookie that is not the token and opens the summary', async () => {
    const response = await inject({ method: 'POST', url: '/analytics/login', payload: { token: TOKEN } });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/analytics/);
    expect(setCookie).not.toContain(TOKEN);
    const value = response.cookies.find((c) => c.name === ANALYTICS_COOKIE)?.value ?? '';
    const withCookie = await summary('', { cookie: `${ANALYTICS_COOKIE}=${value}` });
    expect(withCookie.statusCode).toBe(200);
  });
});

describe('GET /analytics', () => {
  it('serves the page with a policy that allows this origin only, and Chart.js from here', async () => {
    const page = await inject({ method: 'GET', url: '/analytics' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'self'; connect-src 'self'/,
    );
    expect(page.body).not.toMatch(/https?:\/\//);
    const chart = await inject({ method: 'GET', url: '/analytics/assets/chart.umd.min.js' });
    expect(chart.statusCode).toBe(200);
    expect(chart.body).toContain('Chart.js v4');
  });
});

describe('the OpenAPI document', () => {
  it('says the figures take the analytics token or its login cookie, and the login and page take nothing', async () => {
    const document = (await inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.components.securitySchemes).toMatchObject({
      analyticsToken: { type: 'http', scheme: 'bearer' },
      analyticsCookie: { type: 'apiKey', in: 'cookie', name: ANALYTICS_COOKIE },
    });
    expect(document.paths['/analytics/summary'].get.security).toEqual([
      { analyticsToken: [] },
      { analyticsCookie: [] },
    ]);
    expect(document.paths['/analytics/login'].post.security).toEqual([]);
    expect(document.paths['/analytics'].get.security).toEqual([]);
  });
});

describe('without ANALYTICS_TOKEN', () => {
  it('is open', async () => {
    const open = await startStack();
    try {
      const response = await open.app.inject({ method: 'GET', url: '/analytics/summary' });
      expect(response.statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});
