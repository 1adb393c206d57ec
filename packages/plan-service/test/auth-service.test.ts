import { status } from '@grpc/grpc-js';
import type { PlanServiceClient } from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import type { PrivateKeyAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  newSigner,
  type RunningService,
  SIGN_IN_ATTACKS,
  type SignedMessage,
  signedMessage,
  siweMessage,
  startService,
  type TestDatabase,
} from '../../../test/support';
import { callError, UNKNOWN_PLAN_ID } from './helpers';

let db: TestDatabase;
let store: PlanStore;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db, { pool: { maxOverflow: 20 } });
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

const count = async (table: string) =>
  Number((await adminQuery<{ n: string }>(`select count(*) as n from ${table}`, [], db.name)).rows[0]!.n);

async function signIn(client: PlanServiceClient, signer: PrivateKeyAccount): Promise<string> {
  const { nonce } = await client.createNonce();
  const { sessionToken } = await client.signIn(await signedMessage(signer, nonce));
  return sessionToken;
}

const trip = (userWallet: string) => ({ destination: 'Paris', budget: 3000, userWallet });

describe('AuthService, AUTH_MODE=optional', () => {
  let running: RunningService;
  let client: PlanServiceClient;

  beforeAll(async () => {
    running = await startService({ store });
    client = running.client;
  });
  afterAll(() => running.stop());

  it('signs in with CreateNonce + SignIn, answers GetSession, and acts as the session wallet', async () => {
    const signer = newSigner();
    const wallet = signer.address.toLowerCase();
    const { nonce, expireTime } = await client.createNonce();
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(expireTime!.getTime()).toBeGreaterThan(Date.now());

    const signedIn = await client.signIn(await signedMessage(signer, nonce));
    expect(signedIn.wallet).toBe(wallet);
    expect(signedIn.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const week = 604_800_000;
    expect(Math.abs(signedIn.expireTime!.getTime() - Date.now() - week)).toBeLessThan(60_000);

    const options = { sessionToken: signedIn.sessionToken };
    expect(await client.getSession({}, options)).toEqual({ wallet, expireTime: signedIn.expireTime });
    const { plan } = await client.generatePlan(trip(signer.address), options);
    expect(plan?.userWallet).toBe(wallet);
    // With a session the request may leave the wallet out: it is the session's.
    const listed = await client.listUserPlans({}, options);
    expect(listed.plans.map((p) => p.id)).toEqual([plan!.id]);
    await expect(client.confirmPlan({ planId: plan!.id }, options)).resolves.toBeDefined();
    expect(await store.accounts.getAccount(wallet)).toMatchObject({ wallet });
  });

  it.each(SIGN_IN_ATTACKS)('refuses $name with $code naming what failed, writing nothing', async (attack) => {
    const signed = await attack.build({
      nonce: async () => (await client.createNonce()).nonce,
      signIn: (s: SignedMessage) => client.signIn(s),
    });
    const [sessions, accounts, spent] = await Promise.all([
      count('sessions'),
      count('accounts'),
      count('sign_in_nonces where consumed_at is not null'),
    ]);
    const err = await callError(client.signIn(signed));
    expect(err.codeName).toBe(attack.code);
    expect(err.details.startsWith(attack.names)).toBe(true);
    expect(await count('sessions')).toBe(sessions);
    expect(await count('accounts')).toBe(accounts);
    expect(await count('sign_in_nonces where consumed_at is not null')).toBe(spent);
  });

  it('accepts an address that differs from the signer only in case and stores it lowercase', async () => {
    const signer = newSigner();
    const { nonce } = await client.createNonce();
    const message = siweMessage(signer, nonce).replace(signer.address, signer.address.toLowerCase());
    const signedIn = await client.signIn({ message, signature: await signer.signMessage({ message }) });
    expect(signedIn.wallet).toBe(signer.address.toLowerCase());
    const rows = await adminQuery(
      'select user_wallet from sessions where user_wallet = $1',
      [signedIn.wallet],
      db.name,
    );
    expect(rows.rowCount).toBe(1);
  });

  it('gives exactly one session to 100 concurrent sign-ins with one signed message', async () => {
    const signer = newSigner();
    const { nonce } = await client.createNonce();
    const signed = await signedMessage(signer, nonce);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => client.signIn(signed)));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: status.UNAUTHENTICATED });
    }
    const rows = await adminQuery(
      'select 1 from sessions where user_wallet = $1',
      [signer.address.toLowerCase()],
      db.name,
    );
    expect(rows.rowCount).toBe(1);
  });

  it('refuses a revoked or an expired token on the very next call', async () => {
    const signer = newSigner();
    const token = await signIn(client, signer);
    await client.listUserPlans({}, { sessionToken: token });
    await client.signOut({}, { sessionToken: token });
    for (const call of [
      () => client.listUserPlans({}, { sessionToken: token }),
      () => client.getSession({}, { sessionToken: token }),
      () => client.signOut({}, { sessionToken: token }),
    ]) {
      const err = await callError(call());
      expect([err.codeName, err.details]).toEqual([
        'UNAUTHENTICATED',
        'session: was signed out, sign in again',
      ]);
    }

    const expiring = await signIn(client, signer);
    await adminQuery(
      `update sessions set expires_at = now() - interval '1 second' where token_hash = sha256(convert_to($1, 'UTF8'))`,
      [expiring],
      db.name,
    );
    const err = await callError(client.generatePlan(trip(signer.address), { sessionToken: expiring }));
    expect([err.codeName, err.details]).toEqual(['UNAUTHENTICATED', 'session: has expired, sign in again']);
  });

  it('never ignores a presented but invalid token, even in optional mode', async () => {
    for (const token of ['', 'garbage', 'A'.repeat(43)]) {
      const err = await callError(
        client.listUserPlans({ userWallet: newSigner().address }, { sessionToken: token }),
      );
      expect(err.code).toBe(status.UNAUTHENTICATED);
    }
    const err = await callError(client.getSession());
    expect([err.codeName, err.details]).toEqual([
      'UNAUTHENTICATED',
      'session: sign in first and send the session token (x-session-token)',
    ]);
  });

  it('refuses a session of wallet A that names wallet B on every plan method (PERMISSION_DENIED)', async () => {
    const a = newSigner();
    const b = newSigner();
    const { plan } = await client.generatePlan(trip(b.address));
    const options = { sessionToken: await signIn(client, a) };
    const calls = [
      () => client.generatePlan(trip(b.address), options),
      () => client.createPlan({ ...trip(b.address), planData: {} }, options),
      () => client.getPlan({ planId: plan!.id, userWallet: b.address }, options),
      () => client.listUserPlans({ userWallet: b.address.toLowerCase() }, options),
      () => client.confirmPlan({ planId: plan!.id, userWallet: b.address }, options),
      () => client.cancelPlan({ planId: plan!.id, userWallet: b.address }, options),
    ];
    for (const call of calls) {
      const err = await callError(call());
      expect([err.codeName, err.details]).toEqual([
        'PERMISSION_DENIED',
        'user_wallet: is not the signed-in wallet',
      ]);
    }
    // Leaving the wallet out does not help: the acting wallet is the session's, which owns nothing here.
    const err = await callError(client.getPlan({ planId: plan!.id }, options));
    expect(err.codeName).toBe('PERMISSION_DENIED');
    expect((await store.plans.get(plan!.id))?.status).toBe('generated');
    expect((await callError(client.getPlan({ planId: UNKNOWN_PLAN_ID }, options))).codeName).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps serving wallet claims without a session (the old clients)', async () => {
    const wallet = newSigner().address;
    const { plan } = await client.generatePlan(trip(wallet));
    const { plan: confirmed } = await client.confirmPlan({ planId: plan!.id, userWallet: wallet });
    expect(confirmed?.status).toBeDefined();
    expect((await client.listUserPlans({ userWallet: wallet })).plans).toHaveLength(1);
  });

  it('never writes a session token into a log line', async () => {
    const signer = newSigner();
    const token = await signIn(client, signer);
    await client.listUserPlans({}, { sessionToken: token });
    await callError(client.listUserPlans({ userWallet: newSigner().address }, { sessionToken: token }));
    await client.signOut({}, { sessionToken: token });
    await callError(client.getSession({}, { sessionToken: token }));
    const logs = JSON.stringify(running.logs);
    expect(logs).toContain(signer.address.toLowerCase());
    expect(logs).not.toContain(token);
  });
});

describe('AuthService, AUTH_MODE=required', () => {
  let running: RunningService;
  let client: PlanServiceClient;

  beforeAll(async () => {
    running = await startService({ store, auth: { mode: 'required' } });
    client = running.client;
  });
  afterAll(() => running.stop());

  it('needs a session on every plan method and keeps sign-in and health open', async () => {
    const wallet = newSigner().address;
    const calls = [
      () => client.generatePlan(trip(wallet)),
      () => client.createPlan({ ...trip(wallet), planData: {} }),
      () => client.getPlan({ planId: UNKNOWN_PLAN_ID }),
      () => client.listUserPlans({ userWallet: wallet }),
      () => client.confirmPlan({ planId: UNKNOWN_PLAN_ID, userWallet: wallet }),
      () => client.cancelPlan({ planId: UNKNOWN_PLAN_ID, userWallet: wallet }),
    ];
    for (const call of calls) expect((await callError(call())).code).toBe(status.UNAUTHENTICATED);
    expect(await client.checkHealth()).toBe('SERVING');

    const signer = newSigner();
    const options = { sessionToken: await signIn(client, signer) };
    const { plan } = await client.generatePlan(trip(signer.address), options);
    await expect(client.cancelPlan({ planId: plan!.id }, options)).resolves.toBeDefined();
    expect((await callError(client.listUserPlans({ userWallet: wallet }, options))).codeName).toBe(
      'PERMISSION_DENIED',
    );
  });
});
