// fast-check arbitraries of hostile requests to the gateway's plan endpoints, each with an oracle
// verdict: whether the request is certainly invalid by the REST contract (and so must be refused
// with a 4xx and write nothing). The verdict is computed from what the server will parse, not
// from how the request was generated, so a generator that happens to build a valid request cannot
// produce a false alarm. The rules themselves (limits, patterns, the wallet checksum, statuses) are
// plan-store's, from `@travel-planner/plan-store/rules`: the suite checks that every layer enforces
// them, not a copy of them.
import {
  MAX_BUDGET,
  MAX_DESTINATION_LENGTH,
  MAX_PAGE_SIZE,
  MAX_PAYMENT_METHOD_LENGTH,
  MAX_SESSION_ID_LENGTH,
  MIN_BUDGET,
  PLAN_ID_PATTERN,
  PLAN_STATUSES,
  TEXT_PATTERN,
  walletProblem,
} from '@travel-planner/plan-store/rules';
import fc from 'fast-check';
import { CHECKSUMMED_WALLETS } from '../../support';

/** One generated request. */
export interface HostileRequest {
  route: 'generate' | 'confirm' | 'cancel' | 'list' | 'plan';
  method: 'GET' | 'POST';
  path: string;
  /** Raw body text, sent as application/json. */
  body?: string;
  /** The contract certainly forbids it. */
  invalid: boolean;
}

/** Strings that break naive SQL building: stored as given, they must come back byte for byte. */
const SQL_METACHARACTERS = [
  "'; DROP TABLE plans;--",
  "Robert'); DROP TABLE plans;--",
  "' OR '1'='1",
  '"; DELETE FROM plans; --',
  "O'Hare",
  '\\',
  "\\'",
  '\\x00',
  '$1',
  '%_%',
  '/* */',
  "');--",
  '`ls`',
] as const;

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\t',
  '\n',
  '\u0000',
  'Paris\u0000',
  '\uD800',
  'Par\uDFFFis',
  '\uFEFF',
  '\u2028',
  '\u007F',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f',
  '%00',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text
  '${7*7}',
  '{{7*7}}',
  'Zürich',
  '東京',
  'São Paulo 🙂',
  'a'.repeat(255),
  'a'.repeat(256),
  '🙂'.repeat(256),
  ...SQL_METACHARACTERS,
];

// Raw JSON values, written as they appear on the wire: numbers JavaScript cannot round-trip
// (1e309, -0, 2^31), numbers as strings, and the wrong types.
const RAW_VALUES = [
  '0',
  '-0',
  '1',
  '-1',
  '1.5',
  '1.0',
  '1e2',
  '1e309',
  '-1e309',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1e-400',
  '100000000000000000000',
  '"100"',
  '"NaN"',
  '"Infinity"',
  'null',
  'true',
  'false',
  '[]',
  '[1]',
  '{}',
  '{"$gt":""}',
];

/** Wallets whose validity is known: valid plain and checksummed forms, and broken ones. */
const VALID_WALLETS = [
  ...CHECKSUMMED_WALLETS,
  ...CHECKSUMMED_WALLETS.map((w) => `0x${w.slice(2).toUpperCase()}`),
];
const BAD_CHECKSUM_WALLETS = CHECKSUMMED_WALLETS.flatMap((wallet) =>
  [...wallet].flatMap((char, i) => {
    if (i < 2 || !/[a-fA-F]/.test(char)) return [];
    const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
    return [`${wallet.slice(0, i)}${flipped}${wallet.slice(i + 1)}`];
  }),
);
const MALFORMED_WALLETS = [
  '0x',
  `0x${'a'.repeat(39)}`,
  `0x${'a'.repeat(41)}`,
  `${'a'.repeat(42)}`,
  `0X${'a'.repeat(40)}`,
  `0x${'g'.repeat(40)}`,
  ` 0x${'a'.repeat(40)}`,
  `0x${'a'.repeat(40)} `,
  `0x${'a'.repeat(39)}\u0000`,
];

/** A string with an unpaired UTF-16 surrogate somewhere: not valid Unicode text. */
const withLoneSurrogate = fc
  .tuple(fc.string({ maxLength: 20 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 20 }))
  .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`);

/** Hostile text: special cases, any code point, lone surrogates, and long strings. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_STRINGS), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: withLoneSurrogate, weight: 1 },
  { arbitrary: fc.string({ maxLength: 300 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 256, maxLength: 4000 }), weight: 1 },
);

/** Wallet-shaped values of every kind: valid, bad checksum, malformed, hostile. */
const hostileWallet: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...VALID_WALLETS),
  fc.constantFrom(...BAD_CHECKSUM_WALLETS),
  fc.constantFrom(...MALFORMED_WALLETS),
  hostileString,
);

/** Plan-id-shaped values: well-formed UUIDs (in any case), the given real ids, and garbage. */
function hostilePlanId(realIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc.constantFrom(...realIds),
    fc.constantFrom(
      '00000000-0000-0000-0000-000000000000',
      '123e4567-e89b-12d3-a456-42661417400g',
      '123e4567e89b12d3a456426614174000',
    ),
    hostileString,
  );
}

/**
 * The JSON token of a field: usually a valid value, else a hostile string, a raw value or any JSON
 * value. Mostly-valid requests with one or two hostile fields reach deeper than pure noise.
 */
function token(valid: fc.Arbitrary<string>, hostile: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: valid.map((value) => JSON.stringify(value)), weight: 9 },
    { arbitrary: hostile.map((value) => JSON.stringify(value)), weight: 4 },
    { arbitrary: fc.constantFrom(...RAW_VALUES), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)), weight: 1 },
  );
}

const validDestination = fc.oneof(
  fc.constantFrom('Paris', 'Tokyo', 'New York', 'Zürich', '東京', 'São Paulo', 'Reykjavík'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''),
);
const validWallet = fc.oneof(
  fc
    .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 40, maxLength: 40 })
    .map((d) => `0x${d.join('')}`),
  fc.constantFrom(...CHECKSUMMED_WALLETS),
);

const EXTRA_KEYS = ['status', 'id', 'plan_data', 'admin', '__proto__', 'constructor', '', 'a'.repeat(300)];

/** A JSON object body of `fields` (each present or not), extra keys, or broken JSON. */
function jsonBody(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([key, value]) =>
    fc.option(
      value.map((v) => `${JSON.stringify(key)}:${v}`),
      { freq: 8, nil: undefined },
    ),
  );
  const extras = fc.array(
    fc
      .tuple(fc.constantFrom(...EXTRA_KEYS), fc.jsonValue({ maxDepth: 3 }))
      .map(([key, value]) =>
        key === 'constructor'
          ? `"constructor":{"prototype":${JSON.stringify(value)}}`
          : `${JSON.stringify(key)}:${JSON.stringify(value)}`,
      ),
    { maxLength: 2 },
  );
  const object = fc
    .tuple(fc.tuple(...entries), extras)
    .map(([present, extra]) => `{${[...present.filter((e) => e !== undefined), ...extra].join(',')}}`);
  return fc.oneof(
    { arbitrary: object, weight: 12 },
    { arbitrary: fc.constantFrom('[]', 'null', '42', '"text"', 'true', '[{}]', ''), weight: 1 },
    {
      // Truncated or trailed by garbage.
      arbitrary: fc
        .tuple(object, fc.nat(), fc.constantFrom('', '}', ']', ',', 'x', '\u0000'))
        .map(([text, cut, tail]) => `${text.slice(0, cut % Math.max(1, text.length))}${tail}`),
      weight: 1,
    },
  );
}

function parse(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

const TEXT = new RegExp(TEXT_PATTERN, 'u');
const PLAN_ID = new RegExp(PLAN_ID_PATTERN);

/** Not a destination: not text, blank, too long, control characters, invalid Unicode. */
function badDestination(value: unknown): boolean {
  return typeof value !== 'string' || !TEXT.test(value) || [...value].length > MAX_DESTINATION_LENGTH;
}

const badBudget = (value: unknown) =>
  typeof value !== 'number' || !Number.isInteger(value) || value < MIN_BUDGET || value > MAX_BUDGET;

/** Not a wallet: not `0x` + 40 hex digits, or mixed case with a wrong EIP-55 checksum. */
const badWallet = (value: unknown) => typeof value !== 'string' || walletProblem(value) !== undefined;

const badPlanId = (value: unknown) => typeof value !== 'string' || !PLAN_ID.test(value);

const badOptionalText = (value: unknown, max: number, min = 0) =>
  value !== undefined &&
  value !== null &&
  (typeof value !== 'string' || [...value].length > max || [...value].length < min);

/** Whether the body certainly breaks the contract: not a JSON object, or `check` says so. */
function invalidBody(body: string, check: (fields: Record<string, unknown>) => boolean): boolean {
  const parsed = parse(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))
    return true;
  // Fastify refuses prototype-poisoning keys (secure-json-parse: __proto__, constructor.prototype).
  if (Object.hasOwn(parsed.value, '__proto__') || /"constructor"\s*:\s*\{\s*"prototype"/.test(body))
    return true;
  return check(parsed.value as Record<string, unknown>);
}

/** POST /generate_plan bodies. */
export const hostileGenerate: fc.Arbitrary<HostileRequest> = jsonBody({
  destination: token(validDestination, hostileString),
  budget: fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 100_000 }).map(String), weight: 3 },
    { arbitrary: fc.constantFrom(...RAW_VALUES), weight: 1 },
  ),
  user_wallet: token(validWallet, hostileWallet),
  session_id: token(fc.uuid(), hostileString),
}).map((body) => ({
  route: 'generate',
  method: 'POST',
  path: '/generate_plan',
  body,
  invalid: invalidBody(
    body,
    (b) =>
      badDestination(b.destination) ||
      badBudget(b.budget) ||
      badWallet(b.user_wallet) ||
      badOptionalText(b.session_id, MAX_SESSION_ID_LENGTH),
  ),
}));

/** POST /confirm_plan or /cancel_plan bodies; `realIds` are plans none of the generated wallets own. */
export function hostileStatusChange(
  action: 'confirm' | 'cancel',
  realIds: readonly string[],
): fc.Arbitrary<HostileRequest> {
  return jsonBody({
    plan_id: token(fc.constantFrom(...realIds), hostilePlanId(realIds)),
    user_wallet: token(validWallet, hostileWallet),
    ...(action === 'confirm'
      ? {
          payment_method: token(fc.constantFrom('cdp', 'card'), hostileString),
          session_id: token(fc.uuid(), hostileString),
        }
      : {}),
  }).map((body) => ({
    route: action,
    method: 'POST',
    path: `/${action}_plan`,
    body,
    invalid: invalidBody(
      body,
      (b) =>
        badPlanId(b.plan_id) ||
        badWallet(b.user_wallet) ||
        (action === 'confirm' &&
          (badOptionalText(b.payment_method, MAX_PAYMENT_METHOD_LENGTH, 1) ||
            badOptionalText(b.session_id, MAX_SESSION_ID_LENGTH))),
    ),
  }));
}

/**
 * Percent-encodes a path segment or query value. Lone surrogates, which encodeURIComponent
 * refuses, are sent as their (invalid) three-byte UTF-8 form.
 */
function encodeComponent(text: string): string {
  return [...text]
    .map((char) => {
      const unit = char.charCodeAt(0);
      if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(char);
    })
    .join('');
}

// find-my-way's default limit on a path parameter; a longer one matches no route (414).
const MAX_PARAM_LENGTH = 100;

/**
 * Whether the router cannot match the path to a route: a path the server cannot decode, or a
 * parameter over the router's length limit. Such a request is refused with 400 in the body shape
 * of the endpoint its path names.
 */
export function unroutablePath(path: string): boolean {
  const pathname = path.split('?')[0] ?? '';
  if ((pathname.split('/').at(-1) ?? '').length > MAX_PARAM_LENGTH) return true;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params).flatMap(([key, value]) =>
    value === undefined ? [] : [`${key}=${encodeComponent(value)}`],
  );
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

// Query strings are coerced to numbers as Ajv does it (any non-empty text that Number() reads, so
// `1e2` is 100); the result must be a whole number from 1 to the page size ceiling.
function validLimit(limit: string): boolean {
  const value = Number(limit);
  return limit.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE;
}

/** GET /get_user_plans/:wallet with hostile limit, cursor and status. */
export const hostileList: fc.Arbitrary<HostileRequest> = fc
  .record({
    wallet: fc.oneof(validWallet, hostileWallet),
    limit: optional(
      fc.oneof(fc.constantFrom('1', '20', '100', '0', '101', '-1', '1.5', 'abc', '1e2', ''), hostileString),
    ),
    cursor: optional(hostileString),
    status: optional(
      fc.oneof(fc.constantFrom('generated', 'confirmed', 'cancelled', 'GENERATED', 'deleted'), hostileString),
    ),
  })
  .map(({ wallet, limit, cursor, status }) => ({
    route: 'list',
    method: 'GET',
    path: `/get_user_plans/${encodeComponent(wallet)}${query({ limit, cursor, status })}`,
    invalid:
      badWallet(wallet) ||
      (limit !== undefined && !validLimit(limit)) ||
      (status !== undefined && !(PLAN_STATUSES as readonly string[]).includes(status)),
  }));

/** GET /plans/:id with a hostile id and an optional hostile `user_wallet`. */
export function hostileGetPlan(realIds: readonly string[]): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      planId: fc.oneof(fc.constantFrom(...realIds), hostilePlanId(realIds)),
      wallet: optional(fc.oneof(validWallet, hostileWallet)),
    })
    .map(({ planId, wallet }) => ({
      route: 'plan',
      method: 'GET',
      path: `/plans/${encodeComponent(planId)}${query({ user_wallet: wallet })}`,
      invalid: badPlanId(planId) || (wallet !== undefined && badWallet(wallet)),
    }));
}

/**
 * Valid destinations made of SQL metacharacters and ordinary text: no surrounding spaces (the store
 * trims) and no line separators (the gateway wants a visible character before them), so they must
 * be stored exactly as sent.
 */
export const sqlMetacharacterDestination: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(...SQL_METACHARACTERS),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  )
  .map(([before, metacharacters, after]) => `${before}${metacharacters}${after}`.trim())
  .filter((text) => !badDestination(text) && !/[\u2028\u2029]/.test(text));
