import { status } from '@grpc/grpc-js';
import { PlanStoreError, type PlanStoreErrorCode, PlanValidationError } from '@travel-planner/plan-store';
import { SignInError, type SignInErrorCode } from './auth/sign-in-error';
import { INVALID_FIELD_KEY } from './client/plan-service-error';
import { type CallRejectedCode, CallRejectedError } from './errors';
import { BudgetTooSmallError } from './generator';

/** Every error code a call can fail with: the store's, the generator's, sign-in's and the service's own. */
export type PlanServiceErrorCode =
  | PlanStoreErrorCode
  | 'BUDGET_TOO_SMALL'
  | CallRejectedCode
  | SignInErrorCode;

/**
 * The gRPC status of each error code: the one place where errors meet the wire. `Record` keeps it
 * exhaustive, so a new store code does not compile until it has a row here (and in the README).
 */
export const GRPC_STATUS_BY_CODE: Readonly<Record<PlanServiceErrorCode, status>> = Object.freeze({
  // Malformed input; the message names the proto field.
  PLAN_VALIDATION: status.INVALID_ARGUMENT,
  // No plan has that id.
  PLAN_NOT_FOUND: status.NOT_FOUND,
  // The wallet in the request does not own the plan.
  PLAN_OWNERSHIP: status.PERMISSION_DENIED,
  // The plan's status forbids the change (confirming a cancelled plan); the gateway answers 409.
  PLAN_TRANSITION: status.FAILED_PRECONDITION,
  // An edit named a version someone else already changed (AIP-154: a stale etag is ABORTED); the
  // gateway answers 412 to the If-Match that carried it.
  PLAN_VERSION_CONFLICT: status.ABORTED,
  // The plan was never shared with that wallet.
  SHARE_NOT_FOUND: status.NOT_FOUND,
  // No trip fits the budget. OUT_OF_RANGE rather than FAILED_PRECONDITION so that the gateway can
  // tell it from an illegal transition: OUT_OF_RANGE is HTTP 400, FAILED_PRECONDITION 409.
  BUDGET_TOO_SMALL: status.OUT_OF_RANGE,
  // Database unreachable, connection dropped or pool exhausted: retry later, elsewhere.
  STORE_UNAVAILABLE: status.UNAVAILABLE,
  // PostgreSQL cancelled the statement at the call's deadline (statement_timeout).
  STORE_TIMEOUT: status.DEADLINE_EXCEEDED,
  // A bad store setting is the operator's problem; the caller gets a generic message.
  STORE_CONFIG: status.INTERNAL,
  // Anything unexpected from the database; the caller gets a generic message, the log the cause.
  STORE_INTERNAL: status.INTERNAL,
  // No or wrong `authorization: Bearer` metadata while the server requires a token.
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  // The deadline passed before the database work started, so none was done.
  DEADLINE_PASSED: status.DEADLINE_EXCEEDED,
  // The server is draining; a client should go to another instance.
  SHUTTING_DOWN: status.UNAVAILABLE,
  // The sign-in nonce was never issued, was already used or expired.
  SIGN_IN_NONCE: status.UNAUTHENTICATED,
  // The session token is unknown, expired or revoked: presented but invalid is never ignored.
  SESSION_INVALID: status.UNAUTHENTICATED,
  // AUTH_MODE=required (or GetSession/SignOut) and the call carried no session.
  SESSION_REQUIRED: status.UNAUTHENTICATED,
  // The request names a wallet other than the session's.
  WALLET_MISMATCH: status.PERMISSION_DENIED,
  // The sign-in message or signature cannot be read.
  SIGN_IN_MALFORMED: status.INVALID_ARGUMENT,
  // The sign-in message was read and failed a check (domain, chain, times, signature…).
  SIGN_IN_REJECTED: status.UNAUTHENTICATED,
});

/** What a caller sees for a status INTERNAL: never SQL, stack traces or connection strings. */
export const INTERNAL_MESSAGE = 'internal error';

// Store input names that differ from the proto field a gRPC caller sent.
const PROTO_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  userWallet: 'user_wallet',
  wallet: 'user_wallet',
  planData: 'plan_data',
  id: 'plan_id',
  idempotencyKey: 'idempotency_key',
  cursor: 'page_token',
  'options.cursor': 'page_token',
  limit: 'page_size',
  'options.limit': 'page_size',
  expectedVersion: 'etag',
  'options.status': 'status',
  input: 'request',
});

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The proto field name for a store input name (`userWallet` → `user_wallet`, `id` → `plan_id`,
 * `options.limit` → `page_size`); other names are snake-cased segment by segment.
 */
export function protoFieldName(storeField: string): string {
  const known = PROTO_FIELD_NAMES[storeField];
  if (known !== undefined) return known;
  const [head = '', ...rest] = storeField.split('.');
  return [PROTO_FIELD_NAMES[head] ?? snakeCase(head), ...rest.map(snakeCase)].join('.');
}

/** The code of an error the service knows, or `undefined` for anything else (a bug: INTERNAL). */
export function serviceErrorCode(err: unknown): PlanServiceErrorCode | undefined {
  if (err instanceof PlanStoreError || err instanceof CallRejectedError) return err.code;
  if (err instanceof BudgetTooSmallError || err instanceof SignInError) return err.code;
  return undefined;
}

/** How a failed call is answered. */
export interface CallStatus {
  code: status;
  /** The message the caller sees. */
  details: string;
  /** For INVALID_ARGUMENT: the proto field at fault, sent as {@link INVALID_FIELD_KEY} metadata. */
  field?: string;
  /** Set for INTERNAL answers: the error to log (sanitized first), since the caller learns nothing. */
  cause?: unknown;
}

/**
 * Maps anything a handler threw to the status the caller gets, through {@link GRPC_STATUS_BY_CODE}.
 * Validation messages name the proto field; INTERNAL answers carry {@link INTERNAL_MESSAGE} only.
 */
export function toCallStatus(err: unknown): CallStatus {
  const code = serviceErrorCode(err);
  const grpcCode = code === undefined ? status.INTERNAL : GRPC_STATUS_BY_CODE[code];
  if (grpcCode === status.INTERNAL) return { code: grpcCode, details: INTERNAL_MESSAGE, cause: err };
  if (err instanceof PlanValidationError) {
    const prefix = `${err.field}: `;
    const problem = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    const field = protoFieldName(err.field);
    return { code: grpcCode, details: `${field}: ${problem}`, field };
  }
  return { code: grpcCode, details: (err as Error).message };
}
