import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import type { PrivateKeyAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  newSigner,
  SIGN_IN_ATTACKS,
  type SignedMessage,
  type Stack,
  signedMessage,
  startStack,
} from '../../../test/support';

const FRONTEND = 'http://localhost:3000';
const FOREIGN = 'https://evil.example';

interface Session {
  token: string;
  wallet: string;
  cookie: string;
}

const count = async (stack: Stack, table: string) =>
  Number(
    (await adminQuery<{ n: string }>(`select count(*) as n from ${table}`, [], stack.db.name)).rows[0]!.n,
  );

async function nonce(stack: Stack): Promise<string> {
  return (await stack.app.inject({ method: 'GET', url: '/auth/nonce' })).json().nonce;
}

const verify = (stack: Stack, signed: SignedMessage) =>
  stack.app.inject({ method: 'POST', url: '/auth/verify', payload: signed, headers: { origin: FRONTEND } });

async function signIn(stack: Stack, signer: PrivateKeyAccount): Promise<Session> {
  const response = await verify(stack, await signedMessage(signer, await nonce(stack)));
  expect(response.statusCode).toBe(200);
  const body = response.json();
  return { token: body.session_token, wallet: body.wallet, cookie: `tp_session=${body.session_token}` };
}

const generate = (stack: Stack, wallet: string, headers: Record<string, string> = {}) =>
  stack.app.inject({
    method: 'POST',
    url: '/generate_plan',
    payload: { destination: 'Paris', budget: 3000, user_wallet: wallet },
    headers: { origin: FRONTEND, ...headers },
  });

function expectUnauthorized(response: LightMyRequestResponse, error: string) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="travel-planner"/);
  expect(response.json()).toMatchObject({ status: 'error', error, code: 'UNAUTHENTICATED' });
}

describe('sign-in through the gateway, AUTH_MODE=optional', () => {
  let stack: Stack;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // The gateway's logger as its command configures it, writing here instead of stdout; the
    // service's lines are captured by the stack.
    stack = await startStack({
      logger: { level: 'info', redact: ['req.headers.authorization', 'req.headers.cookie'], stream: sink },
    });
  });
  afterAll(() => stack.close());

  it('runs the four-call sign-in: nonce, verify (cookie + token), session, logout', async () => {
    const nonceResponse = await stack.app.inject({ method: 'GET', url: '/auth/nonce' });
    expect(nonceResponse.statusCode).toBe(200);
    expect(nonceResponse.headers['cache-control']).toBe('no-store');
    const { nonce: issued, expires_at } = nonceResponse.json();
    expect(issued).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(expires_at)).toBeGreaterThan(Date.now());

    const signer = newSigner();
    const verified = await verify(stack, await signedMessage(signer, issued));
    expect(verified.statusCode).toBe(200);
    const body = verified.json();
    expect(body).toMatchObject({ status: 'success', wallet: signer.address.toLowerCase(), error: null });
    expect(body.session_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [cookie] = verified.cookies as Array<Record<string, unknown>>;
    expect(cookie).toMatchObject({
      name: 'tp_session',
      value: body.session_token,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    expect(cookie?.secure).toBeUndefined(); // plain http here; Secure over https
    expect(Math.abs((cookie!.expires as Date).getTime() - Date.parse(body.expires_at))).toBeLessThan(1000);

    const byCookie = await stack.app.inject({
      method: 'GET',
      url: '/auth/session',
      headers: { cookie: `tp_session=${body.session_token}` },
    });
    const byBearer = await stack.app.inject({
      method: 'GET',
      url: '/auth/session',
      headers: { authorization: `Bearer ${body.session_token}` },
    });
    for (const response of [byCookie, byBearer]) {
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'success',
        wallet: body.wallet,
        expires_at: body.expires_at,
        error: null,
      });
    }

    const out = await stack.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: `tp_session=${body.session_token}`, origin: FRONTEND },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ status: 'success', error: null });
    expect(out.cookies).toContainEqual(expect.objectContaining({ name: 'tp_session', value: '' }));
  });

  it('acts as the session wallet on plan endpoints, by cookie or bearer, and refuses another wallet (403)', async () => {
    const a = newSigner();
    const b = newSigner();
    const session = await signIn(stack, a);
    const created = await generate(stack, a.address, { cookie: session.cookie });
    expect(created.statusCode).toBe(200);
    const planId = created.json().plan.plan_id;
    const listed = await stack.app.inject({
      method: 'GET',
      url: `/get_user_plans/${a.address}`,
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(listed.json().plans.map((p: { plan_id: string }) => p.plan_id)).toEqual([planId]);

    const { plan: bPlan } = (await generate(stack, b.address)).json();
    const attempts = [
      generate(stack, b.address, { cookie: session.cookie }),
      stack.app.inject({
        method: 'GET',
        url: `/get_user_plans/${b.address}`,
        headers: { cookie: session.cookie },
      }),
      stack.app.inject({
        method: 'GET',
        url: `/plans/${bPlan.plan_id}?user_wallet=${b.address}`,
        headers: { authorization: `Bearer ${session.token}` },
      }),
      stack.app.inject({
        method: 'POST',
        url: '/confirm_plan',
        payload: { plan_id: bPlan.plan_id, user_wallet: b.address },
        headers: { cookie: session.cookie, origin: FRONTEND },
      }),
      stack.app.inject({
        method: 'POST',
        url: '/cancel_plan',
        payload: { plan_id: bPlan.plan_id, user_wallet: b.address },
        headers: { authorization: `Bearer ${session.token}` },
      }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({
        status: 'error',
        error: 'user_wallet: is not the signed-in wallet',
        code: 'PERMISSION_DENIED',
      });
    }
    expect((await stack.store.plans.get(bPlan.plan_id))?.status).toBe('generated');
  });

  it.each(SIGN_IN_ATTACKS)('refuses $name ($code) naming what failed, writing nothing', async (attack) => {
    const signed = await attack.build({ nonce: () => nonce(stack), signIn: (s) => verify(stack, s) });
    const [sessions, accounts] = [await count(stack, 'sessions'), await count(stack, 'accounts')];
    const response = await verify(stack, signed);
    expect(response.statusCode).toBe(attack.code === 'INVALID_ARGUMENT' ? 400 : 401);
    expect(response.json().error.startsWith(attack.names)).toBe(true);
    expect(response.json()).toMatchObject({ status: 'error', code: attack.code });
    expect(response.cookies).toEqual([]);
    expect([await count(stack, 'sessions'), await count(stack, 'accounts')]).toEqual([sessions, accounts]);
  });

  it('gives exactly one session to 100 concurrent verifies of one signed message', async () => {
    const signed = await signedMessage(newSigner(), await nonce(stack));
    const responses = await Promise.all(Array.from({ length: 100 }, () => verify(stack, signed)));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 401)).toHaveLength(99);
  });

  it('answers 401 with WWW-Authenticate for a revoked, expired or unknown token, and clears a dead cookie', async () => {
    const signer = newSigner();
    const revoked = await signIn(stack, signer);
    await stack.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { authorization: `Bearer ${revoked.token}` },
    });
    const viaCookie = await stack.app.inject({
      method: 'GET',
      url: `/get_user_plans/${signer.address}`,
      headers: { cookie: revoked.cookie },
    });
    expectUnauthorized(viaCookie, 'session: was signed out, sign in again');
    expect(viaCookie.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(viaCookie.cookies).toContainEqual(expect.objectContaining({ name: 'tp_session', value: '' }));
    expectUnauthorized(
      await generate(stack, signer.address, { authorization: `Bearer ${revoked.token}` }),
      'session: was signed out, sign in again',
    );

    const expired = await signIn(stack, signer);
    await adminQuery(
      `update sessions set expires_at = now() - interval '1 second' where token_hash = sha256(convert_to($1, 'UTF8'))`,
      [expired.token],
      stack.db.name,
    );
    expectUnauthorized(
      await generate(stack, signer.address, { cookie: expired.cookie }),
      'session: has expired, sign in again',
    );
    expectUnauthorized(
      await stack.app.inject({
        method: 'GET',
        url: '/auth/session',
        headers: { authorization: 'Bearer not-a-token' },
      }),
      'session: unknown session token',
    );
    const none = await stack.app.inject({ method: 'GET', url: '/auth/session' });
    expectUnauthorized(none, 'session: sign in first and send the session token (x-session-token)');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="travel-planner"');
  });

  it('refuses cookie-authenticated changes from a foreign origin (CSRF), allows them by bearer or from the allow-list', async () => {
    const signer = newSigner();
    const session = await signIn(stack, signer);
    const { plan } = (await generate(stack, signer.address, { cookie: session.cookie })).json();
    const confirm = (headers: Record<string, string>) =>
      stack.app.inject({
        method: 'POST',
        url: '/confirm_plan',
        payload: { plan_id: plan.plan_id, user_wallet: signer.address },
        headers,
      });

    const crossSite: Array<Record<string, string>> = [
      { cookie: session.cookie, origin: FOREIGN },
      { cookie: session.cookie, origin: 'null' },
      { cookie: session.cookie, referer: `${FOREIGN}/page` },
    ];
    for (const headers of crossSite) {
      const refused = await confirm(headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({
        status: 'error',
        booking_status: null,
        payment_status: 'failed',
        code: 'PERMISSION_DENIED',
      });
      expect(refused.json().error).toMatch(/^origin: /);
    }
    const logout = await stack.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: session.cookie, origin: FOREIGN },
    });
    expect(logout.statusCode).toBe(403);
    expect((await stack.store.plans.get(plan.plan_id))?.status).toBe('generated');
    // Reading is not a state change; a bearer token is not sent by a browser on its own.
    expect(
      (
        await stack.app.inject({
          method: 'GET',
          url: '/auth/session',
          headers: { cookie: session.cookie, origin: FOREIGN },
        })
      ).statusCode,
    ).toBe(200);
    expect((await confirm({ authorization: `Bearer ${session.token}`, origin: FOREIGN })).statusCode).toBe(
      200,
    );
    expect((await confirm({ cookie: session.cookie, origin: FRONTEND })).statusCode).toBe(200);
  });

  it('keeps the old frontend flow working without a session: generate, confirm, list', async () => {
    const wallet = '0x1234567890123456789012345678901234567890';
    const created = await generate(stack, wallet);
    expect(created.statusCode).toBe(200);
    const planId = created.json().plan.plan_id;
    const confirmed = await stack.app.inject({
      method: 'POST',
      url: '/confirm_plan',
      payload: { plan_id: planId, user_wallet: wallet, payment_method: 'cdp' },
      headers: { origin: FRONTEND },
    });
    expect(confirmed.json()).toMatchObject({ status: 'success', payment_status: 'success' });
    const listed = await stack.app.inject({
      method: 'GET',
      url: `/get_user_plans/${wallet}`,
      headers: { origin: FRONTEND },
    });
    expect(listed.json().plans).toContainEqual(
      expect.objectContaining({ plan_id: planId, status: 'confirmed' }),
    );
  });

  it('lets the frontend send the bearer header cross-origin (CORS preflight)', async () => {
    const preflight = await stack.app.inject({
      method: 'OPTIONS',
      url: '/generate_plan',
      headers: {
        origin: FRONTEND,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  });

  it('never writes a session token into a log line of the gateway or plan-service', async () => {
    const session = await signIn(stack, newSigner());
    await stack.app.inject({ method: 'GET', url: '/auth/session', headers: { cookie: session.cookie } });
    await stack.app.inject({
      method: 'GET',
      url: '/auth/session',
      headers: { authorization: `Bearer ${session.token}` },
    });
    await stack.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { authorization: `Bearer ${session.token}` },
    });
    await stack.app.inject({
      method: 'GET',
      url: '/auth/session',
      headers: { authorization: `Bearer ${session.token}` },
    });
    const logs = lines.join('') + JSON.stringify(stack.serviceLogs);
    expect(logs).toContain('/auth/session');
    expect(logs).toContain(session.wallet);
    expect(logs).not.toContain(session.token);
  });
});

describe('sign-in through the gateway, AUTH_MODE=required', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ authMode: 'required' }, { auth: { mode: 'required' } });
  });
  afterAll(() => stack.close());

  it('needs a session on every plan endpoint and keeps probes, docs and sign-in open', async () => {
    const wallet = newSigner().address;
    const planId = '00000000-0000-4000-8000-000000000000';
    const refused = await Promise.all([
      generate(stack, wallet),
      stack.app.inject({
        method: 'POST',
        url: '/confirm_plan',
        payload: { plan_id: planId, user_wallet: wallet },
      }),
      stack.app.inject({
        method: 'POST',
        url: '/cancel_plan',
        payload: { plan_id: planId, user_wallet: wallet },
      }),
      stack.app.inject({ method: 'GET', url: `/get_user_plans/${wallet}` }),
      stack.app.inject({ method: 'GET', url: `/plans/${planId}` }),
    ]);
    for (const response of refused) {
      expectUnauthorized(response, 'session: sign in first and send the session token (x-session-token)');
    }
    for (const url of ['/health', '/openapi.json', '/docs', '/auth/nonce']) {
      expect((await stack.app.inject({ method: 'GET', url })).statusCode, url).toBeLessThan(400);
    }
    const security = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths[
      '/generate_plan'
    ].post.security;
    expect(security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);

    const signer = newSigner();
    const session = await signIn(stack, signer);
    const created = await generate(stack, signer.address, { cookie: session.cookie });
    expect(created.statusCode).toBe(200);
    const listed = await stack.app.inject({
      method: 'GET',
      url: `/get_user_plans/${signer.address}`,
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(listed.json().plans).toHaveLength(1);
  });
});
