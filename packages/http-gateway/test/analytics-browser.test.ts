// The analytics page in headless Chromium over seeded data: the login form, the three charts with
// the summary's numbers and the tables beside them, no request to any other host, and a
// screenshot (ANALYTICS_SCREENSHOT=docs/analytics.png refreshes the README's image).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnalytics } from '../../../scripts/analytics-seed';
import { type Stack, startStack, withDatabase } from '../../../test/support';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-test-analytics-token';
const SCREENSHOT = process.env.ANALYTICS_SCREENSHOT
  ? resolve(__dirname, '../../..', process.env.ANALYTICS_SCREENSHOT)
  : join(tmpdir(), 'analytics.png');

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

let stack: Stack;
let gatewayUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startStack({ analyticsToken: TOKEN }, { analyticsToken: TOKEN });
  const admin = new pg.Client({ connectionString: withDatabase(stack.db.adminUrl, stack.db.name) });
  await admin.connect();
  try {
    await seedAnalytics(admin, { plans: 3000, days: 14, triggersOff: true });
  } finally {
    await admin.end();
  }
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  gatewayUrl = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

// What each chart holds, read from Chart.js in the page.
const CHART_DATA = `Object.fromEntries(['funnel-chart', 'destinations-chart', 'daily-chart'].map((id) => {
  const chart = Chart.getChart(document.getElementById(id));
  return [id, { labels: chart.data.labels, data: chart.data.datasets.map((d) => d.data) }];
}))`;
// How many pixels of each canvas were painted.
const PAINTED = `Object.fromEntries([...document.querySelectorAll('canvas')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
  return [canvas.id, painted];
}))`;
const TABLE_ROWS = (id: string) =>
  `[...document.querySelectorAll('#${id} tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))`;

describe.skipIf(!existsSync(CHROMIUM))('the analytics page in a browser', () => {
  it('signs in, draws the figures of the summary, and asks no other host', { timeout: 90_000 }, async () => {
    const from = day(13);
    const to = day(0);
    const expected = (
      await stack.app.inject({
        method: 'GET',
        url: `/analytics/summary?from=${from}&to=${to}`,
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json();
    expect(expected.funnel.generated).toBe(3000);

    const page = await browser!.newPage({ viewport: { width: 1200, height: 900 } });
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(`${gatewayUrl}/`)) foreign.push(request.url());
    });
    try {
      await page.goto(`${gatewayUrl}/analytics?from=${from}&to=${to}`);
      await page.waitForSelector('#login:not([hidden])');
      await page.fill('#token', 'a wrong token');
      await page.click('#login button');
      // Selectors, not functions: the page's CSP forbids the eval that string predicates need.
      await page.waitForSelector('#error:has-text("ANALYTICS_TOKEN")');
      await page.fill('#token', TOKEN);
      await page.click('#login button');
      await page.waitForSelector(`body[data-rendered="${from}/${to}"]`, { timeout: 30_000 });

      const charts = (await page.evaluate(CHART_DATA)) as Record<
        string,
        { labels: string[]; data: number[][] }
      >;
      const f = expected.funnel;
      expect(charts['funnel-chart']?.data).toEqual([
        [f.generated, f.confirmed, f.cancelled_before_confirm, f.cancelled_after_confirm],
      ]);
      const destinations = expected.destinations as Array<{
        destination: string;
        plans: number;
        confirmed: number;
      }>;
      expect(charts['destinations-chart']).toEqual({
        labels: destinations.map((d) => d.destination),
        data: [destinations.map((d) => d.plans), destinations.map((d) => d.confirmed)],
      });
      const daily = expected.daily as Array<{
        date: string;
        generated: number;
        confirmed: number;
        cancelled: number;
      }>;
      expect(charts['daily-chart']).toEqual({
        labels: daily.map((d) => d.date),
        data: [daily.map((d) => d.generated), daily.map((d) => d.confirmed), daily.map((d) => d.cancelled)],
      });
      // Every chart painted something.
      for (const painted of Object.values((await page.evaluate(PAINTED)) as Record<string, number>))
        expect(painted).toBeGreaterThan(1000);

      // The tables beside the charts carry the same numbers.
      const funnelRows = (await page.evaluate(TABLE_ROWS('funnel-table'))) as string[][];
      expect(funnelRows[0]).toEqual(['Generated', '3,000']);
      expect(funnelRows.at(-1)).toEqual([
        'Confirm rate',
        `${(f.confirm_rate * 100).toFixed(1).replace(/\.0$/, '')}%`,
      ]);
      const destinationRows = (await page.evaluate(TABLE_ROWS('destinations-table'))) as string[][];
      expect(destinationRows).toHaveLength(destinations.length);
      expect(destinationRows[0]?.slice(0, 3)).toEqual([
        destinations[0]?.destination,
        destinations[0]?.plans.toLocaleString('en-US'),
        destinations[0]?.confirmed.toLocaleString('en-US'),
      ]);
      const dailyRows = (await page.evaluate(TABLE_ROWS('daily-table'))) as string[][];
      expect(dailyRows).toHaveLength(14);

      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
      expect(foreign).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
