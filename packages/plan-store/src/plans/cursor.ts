import { PlanValidationError } from '../errors';

/** A position in a newest-first listing: the last row's exact `created_at` (as PostgreSQL text, to keep microseconds) and id. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of timestamptz, e.g. `2026-11-24 20:15:01.123456+00`. @internal */
export const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

/**
 * Encodes the key values of a keyset position as an opaque, URL-safe token.
 * @internal
 */
export function encodeKeyset(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * Decodes a token made by {@link encodeKeyset} whose values match `patterns` one by one; anything
 * else is a {@link PlanValidationError} on `cursor`. The patterns keep what reaches SQL well-formed.
 * @internal
 */
export function decodeKeyset(token: string, patterns: readonly RegExp[]): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === patterns.length &&
    parsed.every((value, i) => typeof value === 'string' && patterns[i]!.test(value))
  ) {
    return parsed as string[];
  }
  throw new PlanValidationError('cursor', 'is not a cursor returned by this store');
}

/** Encodes a position as an opaque, URL-safe token. */
export function encodeCursor(position: CursorPosition): string {
  return encodeKeyset([position.createdAt, position.id]);
}

/** Decodes a token made by {@link encodeCursor}; anything else is a {@link PlanValidationError} on `cursor`. */
export function decodeCursor(token: string): CursorPosition {
  const [createdAt, id] = decodeKeyset(token, [PG_TIMESTAMPTZ, UUID]);
  return { createdAt: createdAt!, id: id! };
}
