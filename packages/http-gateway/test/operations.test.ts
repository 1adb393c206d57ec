// OpenAPI, docs, metrics, rate limiting, and the gateway on a real socket.
import { connect } from 'node:net';
import { Validator } from '@seriousme/openapi-schema-validator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomWallet, SEED_WALLET, type Stack, startStack } from '../../../test/support';
import { createGateway } from '../src/index';
import { keys } from './helpers';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ version: '1.2.3' });
});

afterAll(async () => {
  await stack?.close();
});

describe('OpenAPI and docs', () => {
  it('serves a valid OpenAPI document at /openapi.json that documents every route', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();

    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.version).toBe('1.2.3');

    const operations = Object.fromEntries(
      Object.entries(document.paths as Record<string, object>).map(([path, item]) => [path, keys(item)]),
    );
    expect(operations).toEqual({
      '/generate_plan': ['post'],
      '/confirm_plan': ['post'],
      '/cancel_plan': ['post'],
      '/get_user_plans/{user_wallet}': ['get'],
      '/plans/{plan_id}': ['get', 'patch'],
      '/plans/{plan_id}/shares': ['get', 'post'],
      '/plans/{plan_id}/shares/{grantee_wallet}': ['delete'],
      '/shared_plans/{user_wallet}': ['get'],
      '/plans/{plan_id}/events': ['get'],
      '/analytics/summary': ['get'],
      '/analytics/login': ['post'],
      '/analytics': ['get'],
      '/health': ['get'],
      '/metrics': ['get'],
      '/auth/nonce': ['get'],
      '/auth/verify': ['post'],
      '/auth/session': ['get'],
      '/auth/logout': ['post'],
    });

    // Every operation has a unique operationId and says how it authenticates.
    const operationList = Object.entries(
      document.paths as Record<string, Record<string, Record<string, unknown>>>,
    ).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        path,
        method,
        operationId: operation.operationId,
        security: operation.security,
      })),
    );
    const ids = operationList.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(document.components.securitySchemes).toMatchObject({
      bearerAuth: { type: 'http', scheme: 'bearer' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tp_session' },
    });
    const securityOf = (path: string, method: string) =>
      operationList.find((o) => o.path === path && o.method === method)?.security;
    // optional mode: a session or none on plan endpoints; sign-in and probes open; the session routes need one.
    expect(securityOf('/generate_plan', 'post')).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }, {}]);
    expect(securityOf('/health', 'get')).toEqual([]);
    expect(securityOf('/auth/verify', 'post')).toEqual([]);
    expect(securityOf('/analytics', 'get')).toEqual([]);
    // No ANALYTICS_TOKEN here: the figures are open, and never take a session.
    expect(securityOf('/analytics/summary', 'get')).toEqual([]);
    expect(securityOf('/analytics/login', 'post')).toEqual([]);
    expect(securityOf('/auth/session', 'get')).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);

    // The document is generated from the very schemas that validate requests.
    const generate = document.paths['/generate_plan'].post;
    const body = generate.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['destination', 'budget', 'user_wallet']);
    expect(body.properties.user_wallet.pattern).toBe('^0x[0-9a-fA-F]{40}$');
    expect(body.properties.budget).toMatchObject({ type: 'integer', minimum: 1, maximum: 2_147_483_647 });
    expect(generate.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain(
      'header:idempotency-key',
    );
    expect(Object.keys(generate.responses)).toEqual(expect.arrayContaining(['200', '4XX', '5XX']));
    const list = document.paths['/get_user_plans/{user_wallet}'].get;
    expect(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['path:user_wallet', 'query:limit', 'query:cursor']),
    );
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger-ui');
  });
});

describe('/metrics', () => {
  it('counts and times requests by method, route pattern and status', async () => {
    const wallet = randomWallet();
    await stack.app.inject({ method: 'GET', url: `/get_user_plans/${wallet}` });
    await stack.app.inject({ method: 'GET', url: '/get_user_plans/0xbad' });
    await stack.app.inject({ method: 'GET', url: '/nowhere' });
    const response = await stack.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/get_user_plans\/:user_wallet",status="200"\} 1/,
    );
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/get_user_plans\/:user_wallet",status="400"\} 1/,
    );
    expect(text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/get_user_plans\/:user_wallet"\} 2/,
    );
    // Raw paths never become labels.
    expect(text).not.toContain(wallet);
  });
});

describe('rate limiting', () => {
  it('answers 429 in the route shape past the limit, and never limits /health', async () => {
    const limited = await createGateway({
      planService: stack.client,
      logger: false,
      metrics: false,
      rateLimit: { max: 2, timeWindowMs: 60_000 },
    });
    try {
      const url = `/get_user_plans/${randomWallet()}`;
      expect((await limited.inject({ method: 'GET', url })).statusCode).toBe(200);
      expect((await limited.inject({ method: 'GET', url })).statusCode).toBe(200);
      const third = await limited.inject({ method: 'GET', url });
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
      expect(third.json()).toMatchObject({ status: 'error', plans: [], code: 'RESOURCE_EXHAUSTED' });
      expect(third.json().error).toMatch(/rate limit/i);
      const generate = await limited.inject({
        method: 'POST',
        url: '/generate_plan',
        payload: { destination: 'Paris', budget: 2000, user_wallet: SEED_WALLET },
      });
      expect(generate.statusCode).toBe(429);
      expect(keys(generate.json())).toEqual(['code', 'error', 'formatted_plan', 'plan', 'status']);
      for (let i = 0; i < 5; i += 1) {
        expect((await limited.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      }
      expect((await limited.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await limited.close();
    }
  });
});

/** Writes raw bytes to the gateway and returns everything it sends back until it closes the socket. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('on a real socket', () => {
  it("answers the seed's curl commands over HTTP with CORS and request ids", async () => {
    const app = await createGateway({ planService: stack.client, logger: false, metrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const base = `http://127.0.0.1:${address.port}`;

      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('success');

      const generated = await fetch(`${base}/generate_plan`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: 'http://localhost:3000',
          'X-Request-Id': 'curl-1',
        },
        body: '{"destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}',
      });
      expect(generated.status).toBe(200);
      expect(generated.headers.get('x-request-id')).toBe('curl-1');
      expect(generated.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      const body = (await generated.json()) as { status: string; plan: { plan_id: string } };
      expect(body.status).toBe('success');

      const listed = await fetch(`${base}/get_user_plans/${SEED_WALLET}`);
      const plans = ((await listed.json()) as { plans: { plan_id: string }[] }).plans;
      expect(plans.map((p) => p.plan_id)).toContain(body.plan.plan_id);
    } finally {
      await app.close();
    }
  });

  it('answers requests the router or the HTTP parser rejects in the legacy shape', async () => {
    // Each in its endpoint's body shape, with a request id and a status of the error table.
    for (const url of ['/plans/%ED%A0%80', '/plans/%']) {
      const badUrl = await stack.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'bad-url-1' } });
      expect(badUrl.statusCode).toBe(400);
      expect(badUrl.headers['x-request-id']).toBe('bad-url-1');
      expect(badUrl.json()).toEqual({
        status: 'error',
        plan: null,
        error: 'the URL is not valid percent-encoded UTF-8',
        code: 'INVALID_ARGUMENT',
      });
    }
    const longParam = await stack.app.inject({ method: 'GET', url: `/get_user_plans/${'a'.repeat(101)}` });
    expect(longParam.statusCode).toBe(400);
    expect(longParam.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(longParam.json()).toEqual({
      status: 'error',
      plans: [],
      error: 'a path parameter is too long',
      code: 'INVALID_ARGUMENT',
    });
    const unknownLong = await stack.app.inject({ method: 'GET', url: `/nowhere/${'a'.repeat(101)}` });
    expect(unknownLong.json()).toMatchObject({ status: 'error', code: 'NOT_FOUND' });

    const app = await createGateway({ planService: stack.client, logger: false, metrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const reply = await rawExchange(
        address.port,
        'POST /generate_plan HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n{}',
      );
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({
        status: 'error',
        error: 'malformed HTTP request',
        code: 'INVALID_ARGUMENT',
      });
    } finally {
      await app.close();
    }
  });

  it('finishes closing right after the last in-flight response, not a keep-alive timeout later', async () => {
    const app = await createGateway({ planService: stack.client, logger: false, metrics: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const generated = await fetch(`${base}/generate_plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ destination: 'Oslo', budget: 3000, user_wallet: SEED_WALLET }),
    });
    const planId = ((await generated.json()) as { plan: { plan_id: string } }).plan.plan_id;
    // Another session holds the plan's row, so the confirm below is in flight when close() begins.
    const locker = new pg.Client({ connectionString: stack.db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('select 1 from plans where id = $1 for update', [planId]);
    const confirm = fetch(`${base}/confirm_plan`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ plan_id: planId, user_wallet: SEED_WALLET }),
    });
    await new Promise((r) => setTimeout(r, 200));
    const closed = app.close();
    await new Promise((r) => setTimeout(r, 200));
    await locker.query('rollback');
    await locker.end();
    const answered = await confirm;
    const answeredAt = Date.now();
    expect(answered.status).toBe(200);
    await closed;
    expect(Date.now() - answeredAt).toBeLessThan(1000); // keepAliveTimeout is 5 s
  });

  it('cuts off a client that sends its headers too slowly', async () => {
    const app = await createGateway({
      planService: stack.client,
      logger: false,
      metrics: false,
      serverTimeouts: { headersTimeoutMs: 300, requestReceiveTimeoutMs: 600 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const started = Date.now();
      // Half a request, then silence.
      const reply = await rawExchange(address.port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const elapsed = Date.now() - started;
      expect(reply).toMatch(/^HTTP\/1\.1 408/);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await app.close();
    }
  });
});
