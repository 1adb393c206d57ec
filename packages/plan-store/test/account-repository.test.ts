import { type PlanStore, SessionInvalidError, SignInNonceError } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  type TestDatabase,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from '../../../test/support';

let store: PlanStore;
let db: TestDatabase;
let close: () => Promise<void>;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db, { pool: { maxOverflow: 20 } });
  close = async () => {
    await store.close();
    await db.drop();
  };
});
afterAll(() => close());

const count = async (table: string) =>
  Number((await adminQuery<{ n: string }>(`select count(*) as n from ${table}`, [], db.name)).rows[0]!.n);

// Moves a row's times into the past, as if the clock had run on.
const age = (table: string, column: string, where: string, params: unknown[]) =>
  adminQuery(`update ${table} set ${column} = now() - interval '1 second' where ${where}`, params, db.name);

// The database finds a session by the SHA-256 of its token, as the store does.
const BY_TOKEN = `token_hash = sha256(convert_to($1, 'UTF8'))`;

async function signedIn(wallet = WALLET_A) {
  const { nonce } = await store.accounts.issueNonce();
  return store.accounts.startSession({ nonce, wallet });
}

describe('AccountRepository', () => {
  it('issues distinct 32-character alphanumeric nonces that expire after their ttl', async () => {
    const before = Date.now();
    const a = await store.accounts.issueNonce();
    const b = await store.accounts.issueNonce({ ttlSeconds: 60 });
    expect(a.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.expiresAt.getTime() - before).toBeGreaterThan(590_000);
    expect(b.expiresAt.getTime() - before).toBeLessThan(61_000);
  });

  it('opens a session once per nonce, creates the account and stores only the token hash', async () => {
    const { nonce } = await store.accounts.issueNonce();
    const session = await store.accounts.startSession({
      nonce,
      wallet: WALLET_A_CHECKSUMMED,
      ttlSeconds: 3600,
    });
    expect(session.wallet).toBe(WALLET_A);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(3_600_000);
    expect(await store.accounts.resolveSession(session.token)).toEqual({
      wallet: WALLET_A,
      createdAt: session.createdAt,
      expiresAt: session.expiresAt,
    });
    const account = await store.accounts.getAccount(WALLET_A_CHECKSUMMED);
    expect(account?.wallet).toBe(WALLET_A);

    // The token itself is nowhere in the database.
    const dump = await adminQuery(
      `select string_agg(t::text, ' ') as rows from (select * from sessions union all select * from sessions) t`,
      [],
      db.name,
    );
    expect(JSON.stringify(dump.rows)).not.toContain(session.token);
    const nonceRow = await adminQuery(
      'select user_wallet, consumed_at from sign_in_nonces where nonce = $1',
      [nonce],
      db.name,
    );
    expect(nonceRow.rows[0]).toMatchObject({ user_wallet: WALLET_A });
    expect(nonceRow.rows[0]!.consumed_at).toBeInstanceOf(Date);
  });

  it('caps the session at notAfter and updates last_sign_in_at on a later sign-in', async () => {
    const first = await signedIn(WALLET_B);
    const created = (await store.accounts.getAccount(WALLET_B))!;
    const { nonce } = await store.accounts.issueNonce();
    const notAfter = new Date(Date.now() + 60_000);
    const second = await store.accounts.startSession({ nonce, wallet: WALLET_B, notAfter });
    expect(second.expiresAt.getTime()).toBe(notAfter.getTime());
    expect(second.token).not.toBe(first.token);
    const updated = (await store.accounts.getAccount(WALLET_B))!;
    expect(updated.createdAt).toEqual(created.createdAt);
    expect(updated.lastSignInAt.getTime()).toBeGreaterThan(created.lastSignInAt.getTime());
  });

  it('refuses a nonce never issued, one already used and one expired, writing nothing', async () => {
    const sessionsBefore = await count('sessions');
    const accountsBefore = await count('accounts');
    const refusal = (nonce: string) =>
      store.accounts.startSession({ nonce, wallet: `0x${'7'.repeat(40)}` }).catch((err: unknown) => err);

    const never = await refusal('neverissued123');
    expect(never).toBeInstanceOf(SignInNonceError);
    expect(never).toMatchObject({ problem: 'unknown', message: 'nonce: was not issued by this server' });
    expect(await refusal('bad nonce!')).toMatchObject({ problem: 'unknown' });

    const { nonce: used } = await store.accounts.issueNonce();
    await store.accounts.startSession({ nonce: used, wallet: WALLET_A });
    const sessionsAfterOne = await count('sessions');
    expect(await refusal(used)).toMatchObject({
      problem: 'used',
      message: 'nonce: was already used for a sign-in',
    });

    const { nonce: stale } = await store.accounts.issueNonce();
    await age('sign_in_nonces', 'expires_at', 'nonce = $1', [stale]);
    expect(await refusal(stale)).toMatchObject({ problem: 'expired' });

    expect(await count('sessions')).toBe(sessionsAfterOne);
    expect(sessionsAfterOne).toBe(sessionsBefore + 1);
    expect(await count('accounts')).toBe(Math.max(accountsBefore, 1));
    expect(await store.accounts.getAccount(`0x${'7'.repeat(40)}`)).toBeUndefined();
  });

  it('gives exactly one session to 100 concurrent sign-ins with one nonce', async () => {
    const { nonce } = await store.accounts.issueNonce();
    const before = await count('sessions');
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => store.accounts.startSession({ nonce, wallet: WALLET_A })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const r of lost) expect(r.reason).toMatchObject({ code: 'SIGN_IN_NONCE', problem: 'used' });
    expect(await count('sessions')).toBe(before + 1);
  });

  it('refuses unknown, malformed, revoked and expired tokens, naming which', async () => {
    const problem = (token: string) => store.accounts.resolveSession(token).catch((err: unknown) => err);
    expect(await problem('x'.repeat(43))).toMatchObject({ problem: 'unknown' });
    expect(await problem('not a token')).toBeInstanceOf(SessionInvalidError);

    const revoked = await signedIn();
    expect(await store.accounts.revokeSession(revoked.token)).toBe(true);
    expect(await store.accounts.revokeSession(revoked.token)).toBe(false);
    expect(await problem(revoked.token)).toMatchObject({ problem: 'revoked', code: 'SESSION_INVALID' });

    const expired = await signedIn();
    await age('sessions', 'expires_at', BY_TOKEN, [expired.token]);
    expect(await problem(expired.token)).toMatchObject({ problem: 'expired' });
    expect(await store.accounts.revokeSession('short')).toBe(false);
  });

  it('removes expired nonces and sessions, and sessions revoked over a day ago', async () => {
    const live = await signedIn();
    const expired = await signedIn();
    const revokedLongAgo = await signedIn();
    await age('sessions', 'expires_at', BY_TOKEN, [expired.token]);
    await store.accounts.revokeSession(revokedLongAgo.token);
    await adminQuery(
      `update sessions set revoked_at = now() - interval '2 days' where ${BY_TOKEN}`,
      [revokedLongAgo.token],
      db.name,
    );
    const { nonce } = await store.accounts.issueNonce();
    await age('sign_in_nonces', 'expires_at', 'nonce = $1', [nonce]);

    const removed = await store.accounts.removeExpired();
    expect(removed.nonces).toBeGreaterThanOrEqual(1);
    expect(removed.sessions).toBeGreaterThanOrEqual(2);
    await expect(store.accounts.resolveSession(live.token)).resolves.toMatchObject({ wallet: WALLET_A });
    await expect(store.accounts.resolveSession(expired.token)).rejects.toMatchObject({ problem: 'unknown' });
    expect(await store.accounts.removeExpired()).toEqual({ nonces: 0, sessions: 0 });
  });

  it('names a bad wallet or ttl and writes nothing', async () => {
    const { nonce } = await store.accounts.issueNonce();
    await expect(store.accounts.startSession({ nonce, wallet: '0xnope' })).rejects.toMatchObject({
      code: 'PLAN_VALIDATION',
      field: 'wallet',
    });
    await expect(
      store.accounts.startSession({ nonce, wallet: WALLET_A, ttlSeconds: 0 }),
    ).rejects.toMatchObject({
      field: 'ttlSeconds',
    });
    await expect(store.accounts.issueNonce({ ttlSeconds: -1 })).rejects.toMatchObject({
      field: 'ttlSeconds',
    });
    // The nonce is still unused.
    await expect(store.accounts.startSession({ nonce, wallet: WALLET_A })).resolves.toMatchObject({
      wallet: WALLET_A,
    });
  });
});
