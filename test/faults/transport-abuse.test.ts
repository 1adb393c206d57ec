// Scenario 9: oversized and malformed transport against the real gateway port, spoken by hand
// over sockets where a normal client would refuse: bodies over the 64 KiB limit, lying
// Content-Length, truncated JSON, wrong content types, slow-loris clients, 100 parallel 1 MiB
// bodies, and a gRPC message over plan-service's 4 MiB limit. The stack must keep serving.
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanFor, randomWallet, runSeed, seededRandom, startSampler } from '../support';
import { legacyShapeProblem } from './harness/legacy-shape';
import { type RawExchange, requestHead, sendRaw, trickle } from './harness/raw-http';
import { formatMb, formatMs, printTable, tally } from './harness/report';
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const BODY_LIMIT = 64 * 1024;
const MIB = 1024 * 1024;
// The gateway's slow-client limits (its defaults) and how often Node checks them.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;
const CHECK_INTERVAL_MS = 1000;
// The slow clients send one byte per second, so the server sees their first byte 1 s after connect.
const TRICKLE_INTERVAL_MS = 1000;
// How late after its limit the server may close a slow client.
const CLOSE_SLACK_MS = CHECK_INTERVAL_MS + TRICKLE_INTERVAL_MS + 500;

const jsonHead = (contentLength: number | string, extra: Record<string, string> = {}) =>
  requestHead('POST', '/generate_plan', {
    'Content-Type': 'application/json',
    'Content-Length': String(contentLength),
    Connection: 'close',
    ...extra,
  });

/** The JSON body of a raw response. */
function bodyOf(exchange: RawExchange): unknown {
  const text = exchange.response.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('scenario 9: oversized and malformed transport', () => {
  let stack: ScenarioStack;
  let wallet: string;
  let validBody: string;
  // Started first and awaited last: they run alongside the other checks.
  let slowHeaders: Promise<RawExchange & { sent: number }>;
  let slowBody: Promise<RawExchange & { sent: number }>;

  beforeAll(async () => {
    stack = await startScenarioStack();
    wallet = randomWallet(seededRandom(runSeed()));
    validBody = JSON.stringify({ destination: 'Paris', budget: 3000, user_wallet: wallet });
    const port = stack.gateway.port;
    slowHeaders = trickle(port, {
      bytes: jsonHead(validBody.length),
      intervalMs: TRICKLE_INTERVAL_MS,
      maxMs: HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS + 1000,
    });
    slowBody = trickle(port, {
      prefix: jsonHead(validBody.length),
      bytes: validBody,
      intervalMs: TRICKLE_INTERVAL_MS,
      maxMs: REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS + 1000,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a body over the limit with 413, on its Content-Length alone', async () => {
    const port = stack.gateway.port;
    const overLimit = await sendRaw(port, jsonHead(BODY_LIMIT + 1) + 'x'.repeat(BODY_LIMIT + 1));
    // Only the head is sent: the answer must come without waiting for the 10 MiB it announces.
    const announced = await sendRaw(port, jsonHead(10 * MIB), { waitMs: 3000 });
    printTable('scenario 9: body over the 64 KiB limit', [
      ['64 KiB + 1 byte', `${overLimit.status} after ${formatMs(overLimit.firstByteMs ?? Number.NaN)}`],
      [
        'head announcing 10 MiB, no body',
        `${announced.status} after ${formatMs(announced.firstByteMs ?? Number.NaN)}`,
      ],
    ]);
    for (const exchange of [overLimit, announced]) {
      expect(exchange.status).toBe(413);
      expect(legacyShapeProblem('generate', 413, bodyOf(exchange))).toBeUndefined();
    }
    expect(announced.firstByteMs).toBeLessThan(1000);
  });

  it('refuses lying Content-Length, truncated JSON and wrong content types with 4xx', async () => {
    const port = stack.gateway.port;
    const cases: Array<[string, Promise<RawExchange>, number, boolean]> = [
      ['Content-Length shorter than the body', sendRaw(port, jsonHead(10) + validBody), 400, false],
      [
        'Content-Length longer, then end of stream',
        sendRaw(port, jsonHead(validBody.length + 50) + validBody, { halfClose: true }),
        400,
        false,
      ],
      ['Content-Length "abc"', sendRaw(port, jsonHead('abc') + validBody), 400, false],
      [
        'Content-Length and chunked together',
        sendRaw(port, `${jsonHead(5, { 'Transfer-Encoding': 'chunked' })}0\r\n\r\n`),
        400,
        false,
      ],
      ['truncated JSON', sendRaw(port, jsonHead(20) + validBody.slice(0, 20)), 400, true],
      [
        'text/plain',
        sendRaw(port, jsonHead(validBody.length, { 'Content-Type': 'text/plain' }) + validBody),
        415,
        true,
      ],
      [
        'application/xml',
        sendRaw(port, jsonHead(validBody.length, { 'Content-Type': 'application/xml' }) + validBody),
        415,
        true,
      ],
    ];
    const results = await Promise.all(cases.map(([, exchange]) => exchange));
    printTable(
      'scenario 9: malformed requests',
      cases.map(([name], i) => [name, `${results[i]!.status ?? results[i]!.error ?? 'no answer'}`] as const),
    );
    cases.forEach(([, , status, routed], i) => {
      expect(results[i]!.status).toBe(status);
      // Framing errors are refused by Node's HTTP parser before any route runs; the rest keep the body shape.
      if (routed) expect(legacyShapeProblem('generate', status, bodyOf(results[i]!))).toBeUndefined();
    });
  });

  it('answers 100 parallel 1 MiB bodies with 413 or a closed connection, without holding them in memory', async () => {
    const gateway = stack.gateway.process;
    const rssBefore = gateway.rssBytes();
    const rss = startSampler(20, async () => gateway.rssBytes());
    const body = Buffer.alloc(MIB, 'a');
    const request = Buffer.concat([Buffer.from(jsonHead(MIB)), body]);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => sendRaw(stack.gateway.port, request, { waitMs: 10_000 })),
    );
    const peak = Math.max(rssBefore, ...(await rss.stop()).map((sample) => sample.value));
    printTable('scenario 9: 100 parallel 1 MiB bodies', [
      ['answers', tally(results.map((r) => r.status ?? r.error ?? 'no answer'))],
      [
        'gateway RSS before / peak / delta',
        `${formatMb(rssBefore)} / ${formatMb(peak)} / ${formatMb(peak - rssBefore)}`,
      ],
    ]);
    // The gateway answers 413 from the Content-Length and closes the connection; a client still
    // writing its body may see the close (EPIPE, ECONNRESET) before it reads the answer.
    const closedEarly = (r: (typeof results)[number]) => r.error === 'EPIPE' || r.error === 'ECONNRESET';
    expect(results.every((r) => r.status === 413 || closedEarly(r))).toBe(true);
    expect(results.filter((r) => r.status === 413).length).toBeGreaterThanOrEqual(50);
    expect(peak - rssBefore).toBeLessThanOrEqual(50 * MIB);
  });

  it('refuses a gRPC message over 4 MiB with RESOURCE_EXHAUSTED', async () => {
    const planData = { blob: 'x'.repeat(5 * MIB) };
    const request = { userWallet: wallet, destination: 'Paris', budget: 3000, planData };
    const codeOf = (call: Promise<unknown>) =>
      call.then(
        () => 'OK',
        (err: { codeName?: string }) => err.codeName ?? 'ERROR',
      );
    // The client's own send limit would stop the message first; lifted, the server must refuse it.
    const unlimited = createPlanServiceClient({
      address: stack.planService.address,
      channelOptions: { 'grpc.max_send_message_length': -1 },
    });
    const standard = createPlanServiceClient({ address: stack.planService.address });
    try {
      const serverSide = await codeOf(unlimited.createPlan(request));
      const clientSide = await codeOf(standard.createPlan(request));
      printTable('scenario 9: 5 MiB gRPC CreatePlan', [
        ['refused by plan-service', serverSide],
        ['refused by the client before sending', clientSide],
      ]);
      expect(serverSide).toBe('RESOURCE_EXHAUSTED');
      expect(clientSide).toBe('RESOURCE_EXHAUSTED');
    } finally {
      unlimited.close();
      standard.close();
    }
  });

  it('closes slow-loris connections by its timeouts and keeps serving', async () => {
    const [headers, body] = await Promise.all([slowHeaders, slowBody]);
    const health = await stack.http.call({ method: 'GET', path: '/health' });
    const planId = await createPlanFor(stack.http, wallet);
    const outcome = (r: RawExchange & { sent: number }) =>
      r.closedAfterMs === undefined
        ? `still open after ${r.sent} bytes`
        : `closed by the server after ${formatMs(r.closedAfterMs)} and ${r.sent} bytes, answer ${r.status ?? 'none'}`;
    printTable('scenario 9: slow-loris clients (1 byte per second)', [
      [`headers (headersTimeout ${HEADERS_TIMEOUT_MS / 1000} s)`, outcome(headers)],
      [`body (requestTimeout ${REQUEST_TIMEOUT_MS / 1000} s)`, outcome(body)],
      ['afterwards', `/health ${health.status}, generate_plan 200 (plan ${planId})`],
    ]);
    expect(headers.closedAfterMs).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS);
    expect(body.closedAfterMs).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS);
    expect(health.status).toBe(200);
    expect(stack.planService.process.running() && stack.gateway.process.running()).toBe(true);
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });
});
