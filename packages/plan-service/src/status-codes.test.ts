import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import {
  PlanNotFoundError,
  PlanOwnershipError,
  PlanShareNotFoundError,
  PlanStoreConfigError,
  PlanTransitionError,
  PlanValidationError,
  PlanVersionConflictError,
  SessionInvalidError,
  SignInNonceError,
  StoreInternalError,
  StoreTimeoutError,
  StoreUnavailableError,
} from '@travel-planner/plan-store';
import { describe, expect, it } from 'vitest';
import { SignInError } from './auth/sign-in-error';
import { CallRejectedError } from './errors';
import { BudgetTooSmallError } from './generator';
import {
  GRPC_STATUS_BY_CODE,
  INTERNAL_MESSAGE,
  type PlanServiceErrorCode,
  protoFieldName,
  serviceErrorCode,
  toCallStatus,
} from './status-codes';

const PLAN_ID = '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e';
const SECRET_URL = 'postgresql://travel_user:s3cret@db:5432/travel_planner';

// One error of each code; the Record type fails to compile when a code has no sample.
const SAMPLES: Record<PlanServiceErrorCode, Error & { code: string }> = {
  PLAN_VALIDATION: new PlanValidationError('userWallet', 'must be 0x followed by 40 hexadecimal digits'),
  PLAN_NOT_FOUND: PlanNotFoundError.byId(PLAN_ID),
  PLAN_OWNERSHIP: PlanOwnershipError.forPlan(PLAN_ID),
  PLAN_TRANSITION: PlanTransitionError.illegal(PLAN_ID, 'cancelled', 'confirmed'),
  PLAN_VERSION_CONFLICT: PlanVersionConflictError.stale(PLAN_ID, 2, 3),
  SHARE_NOT_FOUND: PlanShareNotFoundError.forGrantee(PLAN_ID, '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359'),
  BUDGET_TOO_SMALL: new BudgetTooSmallError('Paris', 10, 612),
  STORE_UNAVAILABLE: new StoreUnavailableError(undefined, {
    cause: new Error(`connect ECONNREFUSED ${SECRET_URL}`),
  }),
  STORE_TIMEOUT: new StoreTimeoutError(),
  STORE_CONFIG: new PlanStoreConfigError('DATABASE_URL', 'must start with postgresql://'),
  STORE_INTERNAL: new StoreInternalError({
    cause: new Error(`select * from plans - relation does not exist`),
  }),
  UNAUTHENTICATED: CallRejectedError.unauthenticated(),
  DEADLINE_PASSED: CallRejectedError.deadlinePassed(),
  SHUTTING_DOWN: CallRejectedError.shuttingDown(),
  SIGN_IN_NONCE: SignInNonceError.because('used'),
  SESSION_INVALID: SessionInvalidError.because('revoked'),
  SESSION_REQUIRED: CallRejectedError.sessionRequired(),
  WALLET_MISMATCH: CallRejectedError.walletMismatch('user_wallet'),
  SIGN_IN_MALFORMED: SignInError.malformed('message', 'is not an EIP-4361 message'),
  SIGN_IN_REJECTED: SignInError.rejected('domain', 'is not an allowed sign-in domain'),
};

// The contract, written out independently of the implementation's table.
const EXPECTED: Record<PlanServiceErrorCode, status> = {
  PLAN_VALIDATION: status.INVALID_ARGUMENT,
  PLAN_NOT_FOUND: status.NOT_FOUND,
  PLAN_OWNERSHIP: status.PERMISSION_DENIED,
  PLAN_TRANSITION: status.FAILED_PRECONDITION,
  PLAN_VERSION_CONFLICT: status.ABORTED,
  SHARE_NOT_FOUND: status.NOT_FOUND,
  BUDGET_TOO_SMALL: status.OUT_OF_RANGE,
  STORE_UNAVAILABLE: status.UNAVAILABLE,
  STORE_TIMEOUT: status.DEADLINE_EXCEEDED,
  STORE_CONFIG: status.INTERNAL,
  STORE_INTERNAL: status.INTERNAL,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  DEADLINE_PASSED: status.DEADLINE_EXCEEDED,
  SHUTTING_DOWN: status.UNAVAILABLE,
  SIGN_IN_NONCE: status.UNAUTHENTICATED,
  SESSION_INVALID: status.UNAUTHENTICATED,
  SESSION_REQUIRED: status.UNAUTHENTICATED,
  WALLET_MISMATCH: status.PERMISSION_DENIED,
  SIGN_IN_MALFORMED: status.INVALID_ARGUMENT,
  SIGN_IN_REJECTED: status.UNAUTHENTICATED,
};

const codes = Object.keys(SAMPLES) as PlanServiceErrorCode[];

describe('GRPC_STATUS_BY_CODE', () => {
  it('has exactly one row per error code', () => {
    expect(Object.keys(GRPC_STATUS_BY_CODE).sort()).toEqual([...codes].sort());
  });

  it.each(codes)('maps %s as the contract says', (code) => {
    const err = SAMPLES[code];
    expect(err.code).toBe(code);
    expect(serviceErrorCode(err)).toBe(code);
    expect(GRPC_STATUS_BY_CODE[code]).toBe(EXPECTED[code]);
    expect(toCallStatus(err).code).toBe(EXPECTED[code]);
  });

  it('answers INTERNAL with a generic message and keeps the error for the log', () => {
    for (const code of codes.filter((c) => EXPECTED[c] === status.INTERNAL)) {
      const answer = toCallStatus(SAMPLES[code]);
      expect(answer).toEqual({ code: status.INTERNAL, details: INTERNAL_MESSAGE, cause: SAMPLES[code] });
    }
  });

  it('never puts a connection string or SQL in a message', () => {
    for (const code of codes) {
      const { details } = toCallStatus(SAMPLES[code]);
      expect(details).not.toMatch(/s3cret|postgresql:|select /i);
    }
  });

  it('treats errors it does not know as INTERNAL', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(serviceErrorCode(bug)).toBeUndefined();
    expect(toCallStatus(bug)).toEqual({ code: status.INTERNAL, details: INTERNAL_MESSAGE, cause: bug });
    expect(toCallStatus('a string').code).toBe(status.INTERNAL);
  });

  it('says which field, plan, transition or minimum budget', () => {
    expect(toCallStatus(SAMPLES.PLAN_VALIDATION).details).toBe(
      'user_wallet: must be 0x followed by 40 hexadecimal digits',
    );
    expect(toCallStatus(SAMPLES.PLAN_NOT_FOUND).details).toBe(`plan ${PLAN_ID} not found`);
    expect(toCallStatus(SAMPLES.PLAN_OWNERSHIP).details).toContain(PLAN_ID);
    expect(toCallStatus(SAMPLES.PLAN_TRANSITION).details).toBe(
      `plan ${PLAN_ID} is cancelled and cannot become confirmed`,
    );
    expect(toCallStatus(SAMPLES.BUDGET_TOO_SMALL).details).toContain('the minimum is 612 USD');
  });
});

describe(protoFieldName.name, () => {
  it.each([
    ['userWallet', 'user_wallet'],
    ['wallet', 'user_wallet'],
    ['planData', 'plan_data'],
    ['id', 'plan_id'],
    ['idempotencyKey', 'idempotency_key'],
    ['cursor', 'page_token'],
    ['options.cursor', 'page_token'],
    ['options.limit', 'page_size'],
    ['options.status', 'status'],
    ['destination', 'destination'],
    ['budget', 'budget'],
    ['status', 'status'],
    ['input', 'request'],
    ['planData.hotelTier', 'plan_data.hotel_tier'],
    ['sessionId', 'session_id'],
    ['page_size', 'page_size'],
  ])('%s → %s', (store, proto) => {
    expect(protoFieldName(store)).toBe(proto);
  });

  it('is used for every validation message', () => {
    const cases: Array<[string, string]> = [
      ['planData', 'plan_data: is required'],
      ['options.limit', 'page_size: must be at most 100'],
      ['cursor', 'page_token: is not a cursor returned by this store'],
      ['id', 'plan_id: must be a UUID'],
    ];
    for (const [field, expected] of cases) {
      const problem = expected.slice(expected.indexOf(': ') + 2);
      expect(toCallStatus(new PlanValidationError(field, problem)).details).toBe(expected);
    }
  });
});

describe('README status table', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  // Rows look like: | `PLAN_VALIDATION` | `INVALID_ARGUMENT` (3) | ... |
  function readmeTable(): Record<string, string> {
    const section = readme.slice(readme.indexOf('## Status codes'));
    const rows: Record<string, string> = {};
    for (const line of section.split('\n')) {
      const match = /^\|\s*`([A-Z_]+)`\s*\|\s*`([A-Z_]+)`/.exec(line);
      if (match?.[1] && match[2]) rows[match[1]] = match[2];
      if (line.startsWith('## ') && !line.startsWith('## Status codes')) break;
    }
    return rows;
  }

  it('lists every code with the status the code table gives it', () => {
    const fromCode = Object.fromEntries(codes.map((code) => [code, status[GRPC_STATUS_BY_CODE[code]]]));
    expect(readmeTable()).toEqual(fromCode);
  });
});
