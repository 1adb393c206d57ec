import { GatewayError } from './errors';

// ETag / If-Match of plan edits (RFC 9110 §8.8.3, §13.1.1). A plan's ETag is its version, as a
// strong entity tag: "3". An edit must name the version it read, so `If-Match: *` (which would
// match any version) is refused like a missing header: it would make the edit blind again.

/** The request header of an edit. */
export const IF_MATCH_HEADER = 'if-match';

const STRONG_TAG = /^"([1-9]\d{0,9})"$/;

/** The ETag header value of a plan etag (its version): a quoted, strong entity tag. */
export function toEtagHeader(etag: string): string {
  return `"${etag}"`;
}

/**
 * The plan etag an If-Match header names. Missing, empty or `*`: `PRECONDITION_REQUIRED` (428). A
 * weak tag, a list or anything this gateway never sent: `ABORTED` (412), since it cannot match the
 * plan's current (strong) ETag.
 */
export function etagFromIfMatch(header: string | string[] | undefined): string {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim();
  if (value === '' || value === '*') throw new GatewayError('PRECONDITION_REQUIRED');
  const match = STRONG_TAG.exec(value);
  if (!match) throw new GatewayError('ABORTED');
  return match[1]!;
}
