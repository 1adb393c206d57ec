// The old frontend's flow in a real browser: a page served from another localhost port calls the
// gateway with fetch as the old Next.js app did (generate, confirm, list), so CORS is the browser's,
// not a header comparison. Needs Debian's chromium (`.ci/run` installs it).
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWallet, type Stack, startStack } from '../../../test/support';

const CHROMIUM = '/usr/bin/chromium';

// What the old app's pages did, in one script: the review page sums flights + hotels + a fixed $200
// for activities + the fee, and the dashboard lists the wallet's plans.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="module">
const api = new URLSearchParams(location.search).get('api');
const wallet = new URLSearchParams(location.search).get('wallet');
const post = (path, body) =>
  fetch(api + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    .then((r) => r.json());
try {
  const generated = await post('/generate_plan', { destination: 'Reykjavik', budget: 4000, user_wallet: wallet });
  const plan = generated.plan;
  const cents = (d) => Math.round(d * 100);
  const reviewTotal =
    plan.flights.reduce((s, f) => s + cents(f.price), 0) +
    plan.hotels.reduce((s, h) => s + cents(h.total), 0) +
    20000 +
    cents(plan.platform_fee);
  const confirmed = await post('/confirm_plan', { plan_id: plan.plan_id, user_wallet: wallet });
  const listed = await fetch(api + '/get_user_plans/' + wallet).then((r) => r.json());
  window.result = { generated: generated.status, reviewTotal, grandTotal: cents(plan.grand_total),
    confirmed: confirmed.status, listed: listed.plans.map((p) => [p.plan_id === plan.plan_id, p.status]) };
} catch (error) {
  window.result = { error: String(error) };
}
</script>`;

let stack: Stack;
let gatewayUrl: string;
let pageServer: Server;
let pagePort: number;
let browser: Browser | undefined;

beforeAll(async () => {
  stack = await startStack();
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  gatewayUrl = `http://localhost:${(stack.app.server.address() as AddressInfo).port}`;
  // The page's own server, on a port of its own and on every loopback address (127.0.0.2 too).
  pageServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((listening) => pageServer.listen(0, '0.0.0.0', listening));
  pagePort = (pageServer.address() as AddressInfo).port;
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((closed) => pageServer?.close(closed));
  await stack?.close();
});

async function runFlow(pageOrigin: string): Promise<Record<string, unknown>> {
  const page = await browser!.newPage();
  try {
    const wallet = randomWallet();
    await page.goto(`${pageOrigin}/?api=${encodeURIComponent(gatewayUrl)}&wallet=${wallet}`);
    // Evaluated in the page, where `window` is the page's global.
    await page.waitForFunction('"result" in window', undefined, { timeout: 20_000 });
    return (await page.evaluate('window.result')) as Record<string, unknown>;
  } finally {
    await page.close();
  }
}

describe.skipIf(!existsSync(CHROMIUM))('the old frontend in a browser', () => {
  it('generates, confirms and lists from a page on another localhost port', { timeout: 60_000 }, async () => {
    const result = await runFlow(`http://localhost:${pagePort}`);
    expect(result).toEqual({
      generated: 'success',
      reviewTotal: result.grandTotal,
      grandTotal: expect.any(Number),
      confirmed: 'success',
      listed: [[true, 'confirmed']],
    });
  });

  it('is refused by the browser from an origin outside the allow-list', { timeout: 60_000 }, async () => {
    // 127.0.0.2 is this machine too, but not an origin the default list admits.
    const result = await runFlow(`http://127.0.0.2:${pagePort}`);
    expect(result).toEqual({ error: expect.stringMatching(/Failed to fetch/) });
  });
});
