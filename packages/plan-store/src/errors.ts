/**
 * Every error plan-store throws is a {@link PlanStoreError} with a stable `code`. Callers switch on
 * `code` (or `instanceof`); messages are for people and never carry SQL, stack traces or secrets.
 * The driver's original error, when there is one, is kept in `cause` for logging only.
 */
export type PlanStoreErrorCode =
  | 'PLAN_VALIDATION'
  | 'PLAN_NOT_FOUND'
  | 'PLAN_OWNERSHIP'
  | 'PLAN_TRANSITION'
  | 'PLAN_VERSION_CONFLICT'
  | 'SHARE_NOT_FOUND'
  | 'STORE_UNAVAILABLE'
  | 'STORE_TIMEOUT'
  | 'STORE_CONFIG'
  | 'STORE_INTERNAL'
  | 'SIGN_IN_NONCE'
  | 'SESSION_INVALID';

/** Base class of every plan-store error. */
export abstract class PlanStoreError extends Error {
  abstract readonly code: PlanStoreErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input was malformed; `field` names the offending input (`userWallet`, `budget`, `planData`…). Nothing was written. */
export class PlanValidationError extends PlanStoreError {
  readonly code = 'PLAN_VALIDATION' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** No plan has the given id. */
export class PlanNotFoundError extends PlanStoreError {
  readonly code = 'PLAN_NOT_FOUND' as const;

  private constructor(
    readonly planId: string,
    message: string,
  ) {
    super(message);
  }

  static byId(planId: string): PlanNotFoundError {
    return new PlanNotFoundError(planId, `plan ${planId} not found`);
  }
}

/** The wallet given does not own the plan, or its grant does not allow the action. Nothing was changed. */
export class PlanOwnershipError extends PlanStoreError {
  readonly code = 'PLAN_OWNERSHIP' as const;

  private constructor(
    readonly planId: string,
    message: string,
  ) {
    super(message);
  }

  static forPlan(planId: string): PlanOwnershipError {
    return new PlanOwnershipError(planId, `plan ${planId} does not belong to the given wallet`);
  }

  /** The wallet is neither the owner nor a grantee whose role allows `what` (e.g. "edit"). */
  static notAllowed(planId: string, what: string, allowed: string): PlanOwnershipError {
    return new PlanOwnershipError(planId, `only ${allowed} may ${what} plan ${planId}`);
  }
}

/** The plan's status does not allow the requested change (for example confirming a cancelled plan). */
export class PlanTransitionError extends PlanStoreError {
  readonly code = 'PLAN_TRANSITION' as const;

  private constructor(
    readonly planId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`plan ${planId} is ${from} and cannot become ${to}`);
  }

  static illegal(planId: string, from: string, to: string): PlanTransitionError {
    return new PlanTransitionError(planId, from, to);
  }
}

/** An edit named a version of the plan that is no longer current: someone else changed it first. Nothing was written. */
export class PlanVersionConflictError extends PlanStoreError {
  readonly code = 'PLAN_VERSION_CONFLICT' as const;

  private constructor(
    readonly planId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `plan ${planId} is at version ${currentVersion}, not ${expectedVersion}: read it again and reapply the change`,
    );
  }

  static stale(planId: string, expectedVersion: number, currentVersion: number): PlanVersionConflictError {
    return new PlanVersionConflictError(planId, expectedVersion, currentVersion);
  }
}

/** The plan has never been shared with that wallet. */
export class PlanShareNotFoundError extends PlanStoreError {
  readonly code = 'SHARE_NOT_FOUND' as const;

  private constructor(
    readonly planId: string,
    readonly granteeWallet: string,
  ) {
    super(`plan ${planId} is not shared with ${granteeWallet}`);
  }

  static forGrantee(planId: string, granteeWallet: string): PlanShareNotFoundError {
    return new PlanShareNotFoundError(planId, granteeWallet);
  }
}

/** The database could not be reached, dropped the connection, or no pooled connection freed up in time. */
export class StoreUnavailableError extends PlanStoreError {
  readonly code = 'STORE_UNAVAILABLE' as const;

  constructor(message = 'the plan database is unavailable', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The statement ran past the time allowed for it and was cancelled by the server. */
export class StoreTimeoutError extends PlanStoreError {
  readonly code = 'STORE_TIMEOUT' as const;

  constructor(options?: { cause?: unknown }) {
    super('the database work ran past its deadline and was cancelled', options);
  }
}

/** A configuration value is invalid; `setting` names the option or environment variable, never its value. */
export class PlanStoreConfigError extends PlanStoreError {
  readonly code = 'STORE_CONFIG' as const;

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

/** Anything unexpected from the database. The message is generic on purpose; the original is in `cause`. */
export class StoreInternalError extends PlanStoreError {
  readonly code = 'STORE_INTERNAL' as const;

  constructor(options?: { cause?: unknown }) {
    super('unexpected database error', options);
  }
}

/** Why a sign-in nonce was refused. */
export type SignInNonceProblem = 'unknown' | 'used' | 'expired';

/** The nonce of a sign-in message was never issued here, was already used, or expired. Nothing was written. */
export class SignInNonceError extends PlanStoreError {
  readonly code = 'SIGN_IN_NONCE' as const;

  private constructor(
    readonly problem: SignInNonceProblem,
    message: string,
  ) {
    super(message);
  }

  static because(problem: SignInNonceProblem): SignInNonceError {
    const messages: Record<SignInNonceProblem, string> = {
      unknown: 'nonce: was not issued by this server',
      used: 'nonce: was already used for a sign-in',
      expired: 'nonce: has expired, ask for a new one',
    };
    return new SignInNonceError(problem, messages[problem]);
  }
}

/** Why a session token was refused. */
export type SessionProblem = 'unknown' | 'expired' | 'revoked';

/** A session token is unknown (or malformed), expired or revoked. */
export class SessionInvalidError extends PlanStoreError {
  readonly code = 'SESSION_INVALID' as const;

  private constructor(
    readonly problem: SessionProblem,
    message: string,
  ) {
    super(message);
  }

  static because(problem: SessionProblem): SessionInvalidError {
    const messages: Record<SessionProblem, string> = {
      unknown: 'session: unknown session token',
      expired: 'session: has expired, sign in again',
      revoked: 'session: was signed out, sign in again',
    };
    return new SessionInvalidError(problem, messages[problem]);
  }
}
