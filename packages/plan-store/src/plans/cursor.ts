import { PlanValidationError } from '../errors';

/** A position in a newest-first listing: the last row's exact `created_at` (as PostgreSQL text, to keep microseconds) and id. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL's text form of timestamptz, e.g. `2026-11-24 20:15:01.123456+00`.
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/** Encodes a position as an opaque, URL-safe token. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Decodes a token made by {@link encodeCursor}; anything else is a {@link PlanValidationError} on `cursor`. */
export function decodeCursor(token: string): CursorPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    typeof parsed[1] === 'string' &&
    PG_TIMESTAMPTZ.test(parsed[0]) &&
    UUID.test(parsed[1])
  ) {
    return { createdAt: parsed[0], id: parsed[1] };
  }
  throw new PlanValidationError('cursor', 'is not a cursor returned by this store');
}
