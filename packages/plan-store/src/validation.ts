import { z } from 'zod';
import { PlanValidationError } from './errors';
import {
  DEFAULT_PAYMENT_METHOD,
  MAX_BUDGET,
  MAX_DESTINATION_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_PAGE_SIZE,
  MAX_PAYMENT_METHOD_LENGTH,
  MAX_PLAN_DATA_BYTES,
  MAX_PLAN_DATA_DEPTH,
  MAX_SESSION_ID_LENGTH,
  MIN_BUDGET,
  PLAN_ID_PATTERN,
  RULE_MESSAGES,
  TEXT_PATTERN,
} from './limits';
import { PLAN_STATUSES, type PlanData } from './plans/plan';
import type { CreatePlanInput } from './plans/plan-repository';
import { normalizeWallet, walletProblem } from './wallet';

const PLAN_ID = new RegExp(PLAN_ID_PATTERN);
const TEXT = new RegExp(TEXT_PATTERN, 'u');

// PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate cannot be encoded as UTF-8.
function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be valid Unicode text';
  return undefined;
}

function jsonProblem(value: unknown, depth: number): string | undefined {
  if (depth > MAX_PLAN_DATA_DEPTH) return RULE_MESSAGES.planDataDepth;
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
  z.string({ error: (issue) => (issue.input === undefined ? RULE_MESSAGES.required : `must be ${what}`) });

const checked = (check: (value: string) => string | undefined) =>
  requiredString().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const walletSchema = checked(walletProblem).transform(normalizeWallet);

// The rule is checked on the text as sent (as the gateway's JSON schema does); the stored form is
// trimmed, so "  paris " and "paris" are one destination.
const destinationSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? RULE_MESSAGES.required : RULE_MESSAGES.destination),
  })
  .refine(
    (value) => TEXT.test(value) && [...value].length <= MAX_DESTINATION_LENGTH,
    RULE_MESSAGES.destination,
  )
  .transform(normalizeDestination);

const budgetSchema = z
  .number({ error: (issue) => (issue.input === undefined ? RULE_MESSAGES.required : RULE_MESSAGES.budget) })
  .refine(
    (value) => Number.isInteger(value) && value >= MIN_BUDGET && value <= MAX_BUDGET,
    RULE_MESSAGES.budget,
  );

const planDataSchema = z
  .custom<PlanData>((value) => isPlainObject(value), {
    error: (issue) => (issue.input === undefined ? RULE_MESSAGES.required : RULE_MESSAGES.planDataObject),
  })
  .superRefine((value, ctx) => {
    const problem = jsonProblem(value, 0);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
  })
  // The output is the JSON text the database receives, made once here; its size is checked on it.
  // (node-postgres would send a JS array as a PostgreSQL array literal, so objects go as text.)
  .transform((value) => JSON.stringify(value))
  .refine((json) => Buffer.byteLength(json) <= MAX_PLAN_DATA_BYTES, { message: RULE_MESSAGES.planDataSize });

const statusSchema = z.enum(PLAN_STATUSES, {
  error: `must be one of ${PLAN_STATUSES.join(', ')}`,
});

const idempotencyKeySchema = checked(textProblem).refine(
  (value) => value.length >= 1 && value.length <= MAX_IDEMPOTENCY_KEY_LENGTH,
  RULE_MESSAGES.idempotencyKey,
);

// Code points, as the gateway's JSON schema (ajv) counts them.
const lengthAtMost = (max: number, message: string) =>
  requiredString().refine((value) => [...value].length <= max, message);
const paymentMethodSchema = lengthAtMost(MAX_PAYMENT_METHOD_LENGTH, RULE_MESSAGES.paymentMethod);
const sessionIdSchema = lengthAtMost(MAX_SESSION_ID_LENGTH, RULE_MESSAGES.sessionId);

const planIdSchema = requiredString('a UUID').regex(PLAN_ID, RULE_MESSAGES.planId);

const limitSchema = z
  .number({ error: RULE_MESSAGES.pageSize })
  .refine((value) => Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE, RULE_MESSAGES.pageSize);

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

const planRequestSchema = createPlanSchema.omit({ planData: true, status: true });

/** What a caller knows of a new plan before its itinerary exists. */
export type PlanRequestInput = Omit<CreatePlanInput, 'planData' | 'status'>;

/**
 * Checks the fields of a create input that exist before an itinerary is built (wallet, destination,
 * budget, idempotency key) and returns them in their stored form (wallet lowercase, destination
 * trimmed). plan-service calls it before generating, so a bad request never costs a generation.
 * @throws PlanValidationError naming the first bad field
 */
export function validatePlanRequest(input: PlanRequestInput): PlanRequestInput {
  return parseInput(planRequestSchema, input);
}

/**
 * Checks a whole `plans.create` input, as the store does before writing, and returns it in its
 * stored form (wallet lowercase, destination trimmed).
 * @throws PlanValidationError naming the first bad field
 */
export function validateCreatePlanInput(input: CreatePlanInput): CreatePlanInput {
  const valid = parseInput(createPlanSchema, input);
  return { ...valid, planData: input.planData };
}

/**
 * The payment method of a booking: the caller's, or {@link DEFAULT_PAYMENT_METHOD} when it named none
 * (`undefined`, `null`, or proto3's unset `""`).
 * @throws PlanValidationError on `paymentMethod` when longer than {@link MAX_PAYMENT_METHOD_LENGTH}
 */
export function validatePaymentMethod(paymentMethod: string | null | undefined): string {
  if (paymentMethod === undefined || paymentMethod === null || paymentMethod === '')
    return DEFAULT_PAYMENT_METHOD;
  return parseInput(paymentMethodSchema, paymentMethod, 'paymentMethod');
}

/**
 * A caller's session id, kept for tracing only; `undefined` when it sent none.
 * @throws PlanValidationError on `sessionId` when longer than {@link MAX_SESSION_ID_LENGTH}
 */
export function validateSessionId(sessionId: string | null | undefined): string | undefined {
  if (sessionId === undefined || sessionId === null || sessionId === '') return undefined;
  return parseInput(sessionIdSchema, sessionId, 'sessionId');
}

/** The stored form of a valid destination: without surrounding whitespace. */
export function normalizeDestination(destination: string): string {
  return destination.trim();
}

/** @internal */
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
