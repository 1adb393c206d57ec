import { PlanValidationError, SessionInvalidError, SignInNonceError } from '../errors';
import type { RunSql } from '../plans/sql-executor';
import { withStoreErrors } from '../store-errors';
import { normalizeWallet, walletProblem } from '../wallet';
import {
  type Account,
  type AccountRow,
  type Session,
  type SessionRow,
  type SignInNonce,
  type StartedSession,
  toAccount,
  toSession,
} from './account';
import {
  DELETE_EXPIRED_NONCES,
  DELETE_EXPIRED_SESSIONS,
  FIND_SESSION,
  GET_ACCOUNT,
  INSERT_NONCE,
  NONCE_STATE,
  REVOKE_SESSION,
  START_SESSION,
} from './account-sql';
import { hashSessionToken, isSessionTokenFormat, newNonce, newSessionToken } from './session-token';

/** How long an issued nonce stays usable when no `ttlSeconds` is given: 10 minutes. */
export const DEFAULT_NONCE_TTL_S = 600;
/** How long a session lasts when no `ttlSeconds` is given: 7 days. */
export const DEFAULT_SESSION_TTL_S = 604_800;

// EIP-4361: at least 8 alphanumerics. Ours are 32; 64 is the column's width.
const NONCE_FORMAT = /^[A-Za-z0-9]{8,64}$/;

/** Input of {@link AccountRepository.startSession}. */
export interface StartSessionInput {
  /** The nonce of the verified sign-in message; it must have been issued here, unused and unexpired. */
  nonce: string;
  /** The wallet that signed; any letter case, stored lowercase. */
  wallet: string;
  /** Session lifetime in seconds. Default {@link DEFAULT_SESSION_TTL_S}. */
  ttlSeconds?: number;
  /** The session ends no later than this (the message's `expirationTime`, when it has one). */
  notAfter?: Date;
}

/** What {@link AccountRepository.removeExpired} deleted. */
export interface RemovedExpired {
  nonces: number;
  sessions: number;
}

/** Accounts, sign-in nonces and sessions (Sign-In with Ethereum). */
export interface AccountRepository {
  /** Issues a single-use nonce valid for `ttlSeconds` (default {@link DEFAULT_NONCE_TTL_S}). */
  issueNonce(options?: { ttlSeconds?: number }): Promise<SignInNonce>;
  /**
   * Spends the nonce, creates or updates the wallet's account and opens a session, all in one
   * statement. Of concurrent calls with one nonce exactly one succeeds. Throws `SignInNonceError`
   * (unknown, used, expired) or `PlanValidationError`; nothing is written then.
   */
  startSession(input: StartSessionInput): Promise<StartedSession>;
  /** The session of a token; throws `SessionInvalidError` (unknown, expired, revoked). Reads the database every time. */
  resolveSession(token: string): Promise<Session>;
  /** Revokes a session; `false` when the token is unknown or was already revoked. */
  revokeSession(token: string): Promise<boolean>;
  /** The account of a wallet, or `undefined` before its first sign-in. */
  getAccount(wallet: string): Promise<Account | undefined>;
  /** Deletes expired nonces, and sessions that expired or were revoked over a day ago. */
  removeExpired(): Promise<RemovedExpired>;
}

function positiveSeconds(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new PlanValidationError(field, 'must be a positive whole number of seconds');
  return value;
}

function checkedWallet(wallet: unknown): string {
  if (typeof wallet !== 'string') throw new PlanValidationError('wallet', 'is required');
  const problem = walletProblem(wallet);
  if (problem !== undefined) throw new PlanValidationError('wallet', problem);
  return normalizeWallet(wallet);
}

/**
 * Creates the repository over a way to run SQL (the pool).
 * @internal
 */
export function createAccountRepository(sql: RunSql): AccountRepository {
  return withStoreErrors<AccountRepository>({
    async issueNonce({ ttlSeconds = DEFAULT_NONCE_TTL_S } = {}) {
      const ttl = positiveSeconds(ttlSeconds, 'ttlSeconds');
      const [row] = await sql<{ nonce: string; expires_at: Date }>(INSERT_NONCE, [newNonce(), ttl]);
      return { nonce: row!.nonce, expiresAt: row!.expires_at };
    },

    async startSession({ nonce, wallet, ttlSeconds = DEFAULT_SESSION_TTL_S, notAfter }) {
      if (typeof nonce !== 'string' || !NONCE_FORMAT.test(nonce)) throw SignInNonceError.because('unknown');
      const owner = checkedWallet(wallet);
      const ttl = positiveSeconds(ttlSeconds, 'ttlSeconds');
      if (notAfter !== undefined && Number.isNaN(notAfter.getTime()))
        throw new PlanValidationError('notAfter', 'must be a valid date');
      const token = newSessionToken();
      const [row] = await sql<SessionRow>(START_SESSION, [
        nonce,
        owner,
        hashSessionToken(token),
        notAfter ?? null,
        ttl,
      ]);
      if (row) return { ...toSession(row), token };
      // Nothing matched: one read tells why, for a refusal that names it.
      const [state] = await sql<{ used: boolean; expired: boolean }>(NONCE_STATE, [nonce]);
      if (!state) throw SignInNonceError.because('unknown');
      throw SignInNonceError.because(state.used ? 'used' : 'expired');
    },

    async resolveSession(token) {
      if (typeof token !== 'string' || !isSessionTokenFormat(token))
        throw SessionInvalidError.because('unknown');
      const [row] = await sql<SessionRow & { expired: boolean }>(FIND_SESSION, [hashSessionToken(token)]);
      if (!row) throw SessionInvalidError.because('unknown');
      if (row.revoked_at !== null) throw SessionInvalidError.because('revoked');
      if (row.expired) throw SessionInvalidError.because('expired');
      return toSession(row);
    },

    async revokeSession(token) {
      if (typeof token !== 'string' || !isSessionTokenFormat(token)) return false;
      const rows = await sql(REVOKE_SESSION, [hashSessionToken(token)]);
      return rows.length === 1;
    },

    async getAccount(wallet) {
      const [row] = await sql<AccountRow>(GET_ACCOUNT, [checkedWallet(wallet)]);
      return row ? toAccount(row) : undefined;
    },

    async removeExpired() {
      const [nonces] = await sql<{ count: number }>(DELETE_EXPIRED_NONCES, []);
      const [sessions] = await sql<{ count: number }>(DELETE_EXPIRED_SESSIONS, []);
      return { nonces: nonces?.count ?? 0, sessions: sessions?.count ?? 0 };
    },
  });
}
