// The facts every layer checks input against: the store validates with them, plan-service calls the
// store's validators, and the HTTP gateway builds its JSON schemas from them. Plain values only, so
// that a JSON schema, a zod schema and a README can all be made from the same source.

/** A wallet address: `0x` + 40 hex digits (mixed case must also carry a valid EIP-55 checksum). */
export const WALLET_PATTERN = '^0x[0-9a-fA-F]{40}$';

/** A plan id: a UUID in its canonical 8-4-4-4-12 hexadecimal form. */
export const PLAN_ID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * Free text as a destination must be (a `u`-flag regular expression): at least one visible
 * character, no C0 control characters or DEL (NUL breaks PostgreSQL text; a newline or an escape
 * sequence breaks logs and markdown), no unpaired UTF-16 surrogates (not Unicode text).
 */
export const TEXT_PATTERN = '^(?=.*\\S)[^\\u0000-\\u001F\\u007F\\p{Cs}]*$';

/** The longest destination, in characters (code points), as sent: `varchar(255)`. */
export const MAX_DESTINATION_LENGTH = 255;

/** The smallest budget, whole US dollars. */
export const MIN_BUDGET = 1;

/** The largest budget: PostgreSQL `integer` (and proto `int32`). */
export const MAX_BUDGET = 2_147_483_647;

/** Largest accepted plan_data, serialized. Keeps one request from filling a row, a page or the heap. */
export const MAX_PLAN_DATA_BYTES = 256 * 1024;

/** Deepest accepted nesting of plan_data. */
export const MAX_PLAN_DATA_DEPTH = 32;

/** The longest idempotency key. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Plans per listing page when the caller gives no limit. */
export const DEFAULT_PAGE_SIZE = 20;

/** The most plans per listing page. */
export const MAX_PAGE_SIZE = 100;

/** How a confirmed booking is paid when the caller names no payment method. */
export const DEFAULT_PAYMENT_METHOD = 'cdp';

/** The longest payment method name. */
export const MAX_PAYMENT_METHOD_LENGTH = 64;

/** The longest session id a caller may send for tracing. */
export const MAX_SESSION_ID_LENGTH = 255;

/**
 * What each field must look like, as every layer words a refusal (`"<field>: <rule>"`). One text
 * per field, so that the store, gRPC and REST refuse the same input with the same words.
 */
export const RULE_MESSAGES = Object.freeze({
  required: 'is required',
  wallet: 'must be 0x followed by 40 hexadecimal digits',
  walletChecksum: 'has mixed case but is not a valid EIP-55 checksummed address',
  planId: 'must be a UUID',
  destination: `must be 1 to ${MAX_DESTINATION_LENGTH} characters of text without control characters`,
  budget: `must be a whole number of US dollars from ${MIN_BUDGET} to ${MAX_BUDGET}`,
  planDataObject: 'must be a JSON object',
  planDataDepth: `must not nest deeper than ${MAX_PLAN_DATA_DEPTH} levels`,
  planDataSize: `must be at most ${MAX_PLAN_DATA_BYTES} bytes as JSON`,
  idempotencyKey: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
  pageSize: `must be an integer from 1 to ${MAX_PAGE_SIZE}`,
  paymentMethod: `must be a string of 1 to ${MAX_PAYMENT_METHOD_LENGTH} characters`,
  sessionId: `must be a string of at most ${MAX_SESSION_ID_LENGTH} characters`,
});
