import knex from 'knex';
import {
  PlanStoreError,
  PlanValidationError,
  StoreInternalError,
  StoreTimeoutError,
  StoreUnavailableError,
} from './errors';

// knex is CommonJS without an exports map: its classes are reached through the default export.
const { KnexTimeoutError } = knex;

// SQLSTATEs that mean "the server is going away or will not take us now": the caller may retry later.
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend or a fast shutdown
  '57P02', // crash_shutdown: another backend crashed and the server is resetting
  '57P03', // cannot_connect_now: the server is starting up or in recovery
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database does not exist (yet)
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
]);

// Socket-level failures reported by Node.
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// node-postgres reports a dropped socket with plain Errors that carry no code.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Connection ended unexpectedly',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Unable to acquire a connection',
  'The server does not support SSL connections',
  'is not currently accepting connections', // 55000 on connect: ALTER DATABASE … ALLOW_CONNECTIONS false
];

// CHECK constraints added by the migrations, and the input field each one guards.
const CHECK_CONSTRAINT_FIELDS: Record<string, string> = {
  plans_budget_positive: 'budget',
  plans_user_wallet_format: 'userWallet',
  plans_status_check: 'status',
};

function* causeChain(err: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as Record<string, unknown>;
    const next = current as { cause?: unknown; nativeError?: unknown };
    current = next.nativeError ?? next.cause;
  }
}

// Node's TLS verification failures (ERR_TLS_CERT_ALTNAME_INVALID, SELF_SIGNED_CERT_IN_CHAIN, …):
// a configuration problem the operator must see named, not an "unexpected error".
function isCertificateRejection(e: Record<string, unknown>): boolean {
  return typeof e.code === 'string' && /^ERR_TLS_|CERT|UNABLE_TO_(GET|VERIFY)_/.test(e.code);
}

function isUnavailable(e: Record<string, unknown>): boolean {
  const code = e.code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true; // connection_exception class
  }
  const message = e.message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/**
 * Converts anything thrown by knex, Objection or node-postgres into a {@link PlanStoreError}, so
 * callers see one closed set of codes. Walks the `cause` chain; unknown errors become
 * {@link StoreInternalError} with the original kept in `cause`.
 * @internal
 */
export function toStoreError(err: unknown): PlanStoreError {
  if (err instanceof PlanStoreError) return err;
  if (err instanceof KnexTimeoutError) {
    return new StoreUnavailableError('no database connection became free in time', { cause: err });
  }
  for (const e of causeChain(err)) {
    if (e.code === '57014') return new StoreTimeoutError({ cause: err }); // query_canceled by statement_timeout
    if (isCertificateRejection(e)) {
      return new StoreUnavailableError("the database server's TLS certificate was rejected", { cause: err });
    }
    if (isUnavailable(e)) return new StoreUnavailableError(undefined, { cause: err });
  }
  const { code, constraint } = err as { code?: unknown; constraint?: unknown };
  if (code === '23514') {
    // check_violation: input validation should have caught it first; name the field it guards.
    const field = (typeof constraint === 'string' && CHECK_CONSTRAINT_FIELDS[constraint]) || 'input';
    return new PlanValidationError(field, 'rejected by a database constraint');
  }
  return new StoreInternalError({ cause: err });
}
