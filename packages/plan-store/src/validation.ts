import { z } from 'zod';
import { PlanValidationError } from './errors';
import { PLAN_STATUSES, type PlanData, type PlanStatus } from './plans/plan';
import { normalizeWallet, walletProblem } from './wallet';

/** Largest value of a PostgreSQL `integer` (the `budget` column). */
export const MAX_BUDGET = 2_147_483_647;
/** Largest accepted plan_data, serialized. Keeps one request from filling a row, a page or the heap. */
export const MAX_PLAN_DATA_BYTES = 256 * 1024;
/** Deepest accepted nesting of plan_data. */
export const MAX_PLAN_DATA_DEPTH = 32;
/** Page size bounds for listings. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be encoded as UTF-8.
function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be valid Unicode text';
  return undefined;
}

function jsonProblem(value: unknown, depth: number): string | undefined {
  if (depth > MAX_PLAN_DATA_DEPTH) return `must not nest deeper than ${MAX_PLAN_DATA_DEPTH} levels`;
  if (value === null || typeof value === 'boolean') return undefined;
  if (typeof value === 'string') return textProblem(value);
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : 'must contain only finite numbers';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key) ?? jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return 'must contain only JSON values';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const requiredString = (what = 'a string') =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

const checked = (check: (value: string) => string | undefined) =>
  requiredString().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const walletSchema = checked(walletProblem).transform(normalizeWallet);

const destinationSchema = checked(textProblem)
  .transform((value) => value.trim())
  .refine((value) => value.length > 0, 'must not be empty')
  // varchar(255) counts characters (code points), not UTF-16 units.
  .refine((value) => [...value].length <= 255, 'must be at most 255 characters');

const budgetSchema = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
  .int('must be a whole number of dollars')
  .positive('must be greater than 0')
  .max(MAX_BUDGET, `must be at most ${MAX_BUDGET}`);

const planDataSchema = z
  .custom<PlanData>((value) => isPlainObject(value), {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object'),
  })
  .superRefine((value, ctx) => {
    const problem = jsonProblem(value, 0);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
  })
  // The output is the JSON text the database receives, made once here; its size is checked on it.
  // (node-postgres would send a JS array as a PostgreSQL array literal, so objects go as text.)
  .transform((value) => JSON.stringify(value))
  .refine((json) => Buffer.byteLength(json) <= MAX_PLAN_DATA_BYTES, {
    message: `must be at most ${MAX_PLAN_DATA_BYTES} bytes as JSON`,
  });

const statusSchema = z.enum(PLAN_STATUSES as [PlanStatus, ...PlanStatus[]], {
  error: `must be one of ${PLAN_STATUSES.join(', ')}`,
});

const idempotencyKeySchema = checked(textProblem).refine(
  (value) => value.length >= 1 && value.length <= 255,
  'must be 1 to 255 characters',
);

const planIdSchema = requiredString('a UUID').regex(UUID, 'must be a UUID');

const limitSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`);

/** Input of `plans.create`. */
export const createPlanSchema = z.strictObject(
  {
    userWallet: walletSchema,
    destination: destinationSchema,
    budget: budgetSchema,
    planData: planDataSchema,
    status: statusSchema.optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : 'must be an object') },
);

/** Options of the listing methods. */
export const listOptionsSchema = z.strictObject(
  {
    status: statusSchema.optional(),
    limit: limitSchema.optional(),
    cursor: requiredString().optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : 'must be an object') },
);

export const schemas = {
  wallet: walletSchema,
  destination: destinationSchema,
  planId: planIdSchema,
  planData: planDataSchema,
  status: statusSchema,
  limit: limitSchema,
};

/**
 * Parses `input` with `schema` or throws a {@link PlanValidationError} naming the first bad field.
 * `field` names the input when the schema checks a single value.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, field = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String);
  const name = path.length > 0 ? (field === 'input' ? path.join('.') : `${field}.${path.join('.')}`) : field;
  return throwValidation(name, issue.message);
}

function throwValidation(field: string, message: string): never {
  throw new PlanValidationError(field, message);
}
