/** Why the service itself turned a call away before (or instead of) doing its work. */
export type CallRejectedCode =
  | 'UNAUTHENTICATED'
  | 'DEADLINE_PASSED'
  | 'SHUTTING_DOWN'
  | 'SESSION_REQUIRED'
  | 'WALLET_MISMATCH';

/**
 * A call the service refused on its own account: a missing or wrong bearer token, a deadline that
 * had already passed, or a server that is shutting down. Store and generator errors keep their own
 * classes; all of them meet in one status table (`GRPC_STATUS_BY_CODE`).
 */
export class CallRejectedError extends Error {
  private constructor(
    readonly code: CallRejectedCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallRejectedError';
  }

  /** The call carried no `authorization: Bearer <token>` metadata, or the wrong token. */
  static unauthenticated(): CallRejectedError {
    return new CallRejectedError('UNAUTHENTICATED', 'missing or invalid bearer token');
  }

  /** The caller's deadline passed before the database work could start. */
  static deadlinePassed(): CallRejectedError {
    return new CallRejectedError('DEADLINE_PASSED', 'the call deadline passed before the work started');
  }

  /** The call needs a signed-in session (`x-session-token` metadata) and carried none. */
  static sessionRequired(): CallRejectedError {
    return new CallRejectedError(
      'SESSION_REQUIRED',
      'session: sign in first and send the session token (x-session-token)',
    );
  }

  /** The request names a wallet other than the signed-in one; `field` is the request field. */
  static walletMismatch(field: string): CallRejectedError {
    return new CallRejectedError('WALLET_MISMATCH', `${field}: is not the signed-in wallet`);
  }

  /** Too little of the deadline was left to commit and answer in time: rolled back, nothing stored. */
  static tooLateToCommit(): CallRejectedError {
    return new CallRejectedError(
      'DEADLINE_PASSED',
      'too little of the call deadline was left to commit and answer in time; nothing was stored',
    );
  }

  /** The server stopped taking new calls. */
  static shuttingDown(): CallRejectedError {
    return new CallRejectedError('SHUTTING_DOWN', 'the plan service is shutting down');
  }
}

/** An option or environment variable of the service is invalid; `setting` names it, never its value. */
export class PlanServiceConfigError extends Error {
  readonly code = 'SERVICE_CONFIG' as const;

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'PlanServiceConfigError';
  }
}
