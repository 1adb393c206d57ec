/** The stable codes of {@link SignInError}. */
export type SignInErrorCode = 'SIGN_IN_MALFORMED' | 'SIGN_IN_REJECTED';

/** What a sign-in refusal names: the part that could not be read, or the check that failed. */
export type SignInCheck =
  | 'message'
  | 'signature'
  | 'domain'
  | 'scheme'
  | 'uri'
  | 'chain_id'
  | 'expiration_time'
  | 'not_before'
  | 'issued_at';

/**
 * A sign-in message was refused. `SIGN_IN_MALFORMED` (INVALID_ARGUMENT): the message or the
 * signature cannot be read. `SIGN_IN_REJECTED` (UNAUTHENTICATED): it was read and a check failed.
 * The message names `check` and never echoes the caller's values.
 */
export class SignInError extends Error {
  private constructor(
    readonly code: SignInErrorCode,
    readonly check: SignInCheck,
    problem: string,
  ) {
    super(`${check}: ${problem}`);
    this.name = 'SignInError';
  }

  /** The message or the signature is not in the expected format. */
  static malformed(check: 'message' | 'signature', problem: string): SignInError {
    return new SignInError('SIGN_IN_MALFORMED', check, problem);
  }

  /** A well-formed message failed `check`. */
  static rejected(check: SignInCheck, problem: string): SignInError {
    return new SignInError('SIGN_IN_REJECTED', check, problem);
  }
}
