// ETag / If-Match of plan edits (RFC 9110 §8.8.3, §13.1.1). A plan's ETag is its version, as a
// strong entity tag: "3". An edit must name the version it read, so `If-Match: *` (which would
// match any version) is refused like a missing header: it would make the edit blind again.

/** The request header of an edit. */
export const IF_MATCH_HEADER = 'if-match';

/** An edit without an If-Match naming a version: 428 Precondition Required. */
export class PreconditionRequiredError extends Error {
  readonly statusCode = 428;
  readonly code = 'PRECONDITION_REQUIRED';

  constructor() {
    super('If-Match: required; send the ETag of the plan as you read it (GET /plans/{plan_id})');
    this.name = 'PreconditionRequiredError';
  }
}

/** An If-Match that names no version of the plan: 412 Precondition Failed, as a stale one is. */
export class PreconditionFailedError extends Error {
  readonly statusCode = 412;
  readonly code = 'ABORTED';

  constructor() {
    super('If-Match: does not match the ETag of the plan; read the plan again and reapply the change');
    this.name = 'PreconditionFailedError';
  }
}

const STRONG_TAG = /^"([1-9]\d{0,9})"$/;

/** The ETag header value of a plan etag (its version): a quoted, strong entity tag. */
export function toEtagHeader(etag: string): string {
  return `"${etag}"`;
}

/**
 * The plan etag an If-Match header names. Missing, empty or `*`: {@link PreconditionRequiredError}.
 * A weak tag, a list or anything this gateway never sent: {@link PreconditionFailedError}, since
 * it cannot match the plan's current (strong) ETag.
 */
export function etagFromIfMatch(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (value === '' || value === '*') throw new PreconditionRequiredError();
  const match = STRONG_TAG.exec(value);
  if (!match) throw new PreconditionFailedError();
  return match[1]!;
}
