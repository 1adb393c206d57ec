import {
  DEFAULT_PAYMENT_METHOD,
  MAX_BUDGET,
  MAX_DESTINATION_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_PAGE_SIZE,
  MAX_PAYMENT_METHOD_LENGTH,
  MAX_SESSION_ID_LENGTH,
  MIN_BUDGET,
  PLAN_ID_PATTERN,
  PLAN_STATUSES,
  RULE_MESSAGES,
  TEXT_PATTERN,
  WALLET_PATTERN,
} from '@travel-planner/plan-store/rules';

// JSON schemas of every route: Fastify validates requests with them, serializes responses with them,
// and @fastify/swagger builds /openapi.json from them, so the three can never disagree.
//
// Request bodies do not set `additionalProperties: false`: the old FastAPI/pydantic backend ignored
// unknown fields, and the frontend may still send some. Handlers read only the fields named here.
//
// Every limit, pattern and rule text comes from plan-store's rules, which plan-service applies to
// gRPC callers: REST refuses exactly what gRPC refuses, only earlier.
// Response objects allow additional properties so that new fields (and the extra keys a plan's
// itinerary carries) reach the caller.

/**
 * The most plans `GET /get_user_plans/{user_wallet}` answers without `limit`: the old frontend never
 * pages, so it gets the whole list up to here, and `next_cursor` past it.
 */
export const UNPAGED_LIST_CEILING = 1000;
/** The request header that tightens a request's deadline, in milliseconds. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';
/** The request header of `POST` retries. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * What each validated field must look like, as shown in a 400's `error` (`"<field>: <rule>"`). Fields
 * without an entry get the validator's own wording.
 * @internal
 */
export const FIELD_RULES: Readonly<Record<string, string>> = {
  user_wallet: RULE_MESSAGES.wallet,
  plan_id: `${RULE_MESSAGES.planId} such as 123e4567-e89b-12d3-a456-426614174000`,
  destination: RULE_MESSAGES.destination,
  budget: RULE_MESSAGES.budget,
  session_id: RULE_MESSAGES.sessionId,
  payment_method: RULE_MESSAGES.paymentMethod,
  limit: RULE_MESSAGES.pageSize,
  cursor: 'must be the next_cursor of a previous page',
  status: `must be one of ${PLAN_STATUSES.join(', ')}`,
  [IDEMPOTENCY_KEY_HEADER]: RULE_MESSAGES.idempotencyKey,
  [REQUEST_TIMEOUT_HEADER]: 'must be a positive integer number of milliseconds',
  grantee_wallet: RULE_MESSAGES.wallet,
  role: 'must be one of viewer, editor',
  plan_data: 'must be a JSON object',
};

const EXAMPLE_WALLET = '0x1234567890123456789012345678901234567890';
const EXAMPLE_PLAN_ID = '123e4567-e89b-12d3-a456-426614174000';

// ---------------------------------------------------------------------------------------------
// Request fields

export const wallet = {
  type: 'string',
  pattern: WALLET_PATTERN,
  description:
    'Wallet address: 0x followed by 40 hexadecimal digits (mixed case must be a valid EIP-55 checksum). ' +
    'A claim, not a proof of ownership.',
  examples: [EXAMPLE_WALLET],
} as const;

export const planId = {
  type: 'string',
  format: 'uuid',
  pattern: PLAN_ID_PATTERN,
  description: "The plan's id, as returned by /generate_plan.",
  examples: [EXAMPLE_PLAN_ID],
} as const;

const sessionId = {
  type: ['string', 'null'],
  maxLength: MAX_SESSION_ID_LENGTH,
  description: "The caller's session, kept for tracing only.",
} as const;

const requestHeaderProperties = {
  [REQUEST_TIMEOUT_HEADER]: {
    type: 'integer',
    minimum: 1,
    maximum: 2_147_483_647,
    description:
      "Tightens this request's deadline (milliseconds). Values above the gateway's default deadline are " +
      'capped at it. The deadline is forwarded to plan-service; when it passes the answer is 504.',
  },
  'x-request-id': {
    type: 'string',
    description:
      'Correlation id, echoed in the response and forwarded to plan-service. Up to 128 characters of ' +
      '[A-Za-z0-9._-]; anything else is replaced by a generated UUID.',
  },
} as const;

export const readHeaders = { type: 'object', properties: requestHeaderProperties } as const;

const probeHeaders = {
  type: 'object',
  properties: { 'x-request-id': requestHeaderProperties['x-request-id'] },
} as const;

export const writeHeaders = {
  type: 'object',
  properties: {
    ...requestHeaderProperties,
    [IDEMPOTENCY_KEY_HEADER]: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
      description:
        'Makes a retry safe: the same key from the same wallet returns the plan first created with it. ' +
        '/confirm_plan and /cancel_plan are idempotent anyway; there the key is only validated.',
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Response parts

export const errorMessage = {
  type: 'string',
  description: 'What went wrong; safe to show to a user.',
} as const;
export const errorCode = {
  type: 'string',
  description: 'Machine-readable reason: a gRPC status name (NOT_FOUND, ...) or a gateway code.',
  examples: ['NOT_FOUND'],
} as const;
export const noError = { type: 'null', description: 'Always null on success.' } as const;
export const success = { type: 'string', enum: ['success'] } as const;
export const failure = { type: 'string', enum: ['error'] } as const;
export const timestamp = {
  type: 'string',
  format: 'date-time',
  description: 'ISO 8601 with zone.',
  examples: ['2025-01-31T12:00:00.000Z'],
} as const;
export const planStatus = {
  type: 'string',
  enum: PLAN_STATUSES,
  description: 'Lifecycle: generated -> confirmed -> cancelled; cancelled is final.',
} as const;

/** A flight leg of a legacy plan. */
export const flightSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['from_location', 'to_location', 'airline', 'dates', 'price'],
  properties: {
    from_location: { type: 'string' },
    to_location: { type: 'string' },
    airline: { type: 'string' },
    dates: { type: 'string', description: '"YYYY-MM-DD to YYYY-MM-DD"' },
    price: { type: 'number', description: 'US dollars.' },
  },
} as const;

/** A hotel stay of a legacy plan. */
export const hotelSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['name', 'location', 'price_per_night', 'nights', 'total'],
  properties: {
    name: { type: 'string' },
    location: { type: 'string' },
    price_per_night: { type: 'number' },
    nights: { type: 'integer' },
    total: { type: 'number' },
  },
} as const;

const legacyPlanProperties = {
  destination: { type: 'string' },
  flights: { type: 'array', items: flightSchema },
  hotels: { type: 'array', items: hotelSchema },
  activities: { type: 'array', items: { type: 'string' } },
  total_cost: { type: 'number', description: 'Flights + hotels + activities, US dollars.' },
  platform_fee: { type: 'number', description: '2% of total_cost.' },
  grand_total: { type: 'number', description: 'total_cost + platform_fee; never above the budget.' },
  plan_id: { type: 'string', format: 'uuid' },
  created_at: timestamp,
} as const;
/** The keys of the legacy plan object, in the order the old backend wrote them. */
export const LEGACY_PLAN_KEYS = [
  'destination',
  'flights',
  'hotels',
  'activities',
  'total_cost',
  'platform_fee',
  'grand_total',
  'plan_id',
  'created_at',
] as const;

/** The plan object of POST /generate_plan: the itinerary's legacy keys, its id and creation time. */
export const legacyPlanSchema = {
  type: 'object',
  description: 'The itinerary. Extra keys (origin, start_date, activity_details, ...) may follow.',
  additionalProperties: true,
  required: LEGACY_PLAN_KEYS,
  properties: legacyPlanProperties,
} as const;

/** The plan object of GET /plans/{plan_id}: the legacy plan plus the stored row's other columns. */
export const planDetailSchema = {
  type: 'object',
  additionalProperties: true,
  required: [...LEGACY_PLAN_KEYS, 'status', 'budget', 'user_wallet', 'updated_at'],
  properties: {
    ...legacyPlanProperties,
    status: planStatus,
    budget: { type: 'integer', description: 'Whole US dollars.' },
    user_wallet: { ...wallet, description: "The owner's wallet, lowercase." },
    updated_at: timestamp,
  },
} as const;

/** One entry of GET /get_user_plans/{user_wallet}. */
export const userPlanSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['plan_id', 'destination', 'total_cost', 'created_at', 'status'],
  properties: {
    plan_id: { type: 'string', format: 'uuid' },
    destination: { type: 'string' },
    total_cost: { type: 'number', description: "The plan's grand_total." },
    created_at: timestamp,
    status: planStatus,
  },
} as const;

const bookingStatus = {
  type: 'object',
  additionalProperties: true,
  required: ['flights', 'hotels', 'activities'],
  properties: {
    flights: { type: 'string' },
    hotels: { type: 'string' },
    activities: { type: 'string' },
  },
} as const;

// Every failure answer of a route uses the route's own legacy error body.
export function failures<T>(body: T) {
  return { '4xx': body, '5xx': body } as const;
}

// ---------------------------------------------------------------------------------------------
// Legacy error bodies

const generateError = {
  type: 'object',
  required: ['status', 'plan', 'formatted_plan', 'error'],
  properties: {
    status: failure,
    plan: { type: 'null' },
    formatted_plan: { type: 'null' },
    error: errorMessage,
    code: errorCode,
  },
} as const;

const bookingError = {
  type: 'object',
  required: ['status', 'booking_status', 'payment_status', 'confirmation_message', 'error'],
  properties: {
    status: failure,
    booking_status: { type: 'null' },
    payment_status: { type: 'string', enum: ['failed'] },
    confirmation_message: { type: 'string' },
    error: errorMessage,
    code: errorCode,
  },
} as const;

export const listError = {
  type: 'object',
  required: ['status', 'plans', 'error'],
  properties: {
    status: failure,
    plans: { type: 'array', maxItems: 0, items: userPlanSchema },
    error: errorMessage,
    code: errorCode,
  },
} as const;

export const planError = {
  type: 'object',
  required: ['status', 'plan', 'error'],
  properties: { status: failure, plan: { type: 'null' }, error: errorMessage, code: errorCode },
} as const;

/** The error body of routes without a legacy shape (and of unknown routes). */
export const genericErrorBody = {
  type: 'object',
  required: ['status', 'error'],
  properties: { status: failure, error: errorMessage, code: errorCode },
} as const;

// ---------------------------------------------------------------------------------------------
// Routes

/** POST /generate_plan */
export const generatePlanSchema = {
  summary: 'Generate a travel plan and store it',
  description:
    'Builds an itinerary for the destination that fits the budget and stores it with status "generated". ' +
    'A budget too small for any trip is a 400 whose error states the minimum.',
  tags: ['plans'],
  headers: writeHeaders,
  body: {
    type: 'object',
    required: ['destination', 'budget', 'user_wallet'],
    properties: {
      destination: {
        type: 'string',
        maxLength: MAX_DESTINATION_LENGTH,
        pattern: TEXT_PATTERN,
        description:
          'Where to go. Surrounding whitespace is dropped; a known city is stored by its own name.',
        examples: ['Paris'],
      },
      budget: {
        type: 'integer',
        minimum: MIN_BUDGET,
        maximum: MAX_BUDGET,
        description: 'Whole US dollars.',
        examples: [2000],
      },
      user_wallet: wallet,
      session_id: sessionId,
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'plan', 'formatted_plan', 'error'],
      properties: {
        status: success,
        plan: legacyPlanSchema,
        formatted_plan: { type: 'string', description: 'The same plan as a markdown itinerary.' },
        error: noError,
      },
    },
    ...failures(generateError),
  },
} as const;

const confirmBody = {
  type: 'object',
  required: ['plan_id', 'user_wallet'],
  properties: {
    plan_id: planId,
    user_wallet: wallet,
    payment_method: {
      type: ['string', 'null'],
      minLength: 1,
      maxLength: MAX_PAYMENT_METHOD_LENGTH,
      default: DEFAULT_PAYMENT_METHOD,
      description: `How the booking is paid; "${DEFAULT_PAYMENT_METHOD}" when absent or null.`,
    },
    session_id: sessionId,
  },
} as const;

const cancelBody = {
  type: 'object',
  required: ['plan_id', 'user_wallet'],
  properties: { plan_id: planId, user_wallet: wallet },
} as const;

function bookingSchema<Body>(action: 'confirm' | 'cancel', body: Body) {
  const confirm = action === 'confirm';
  const outcome = confirm ? 'confirmed' : 'cancelled';
  return {
    summary: confirm ? 'Confirm (book and pay) a plan' : 'Cancel a plan',
    description: confirm
      ? 'Moves a generated plan to "confirmed". Confirming a confirmed plan succeeds again; confirming a ' +
        'cancelled plan is a 409. The wallet must own the plan (403 otherwise).'
      : 'Moves a generated or confirmed plan to "cancelled", which is final. Cancelling a cancelled plan ' +
        'succeeds again. The wallet must own the plan (403 otherwise).',
    tags: ['plans'],
    headers: writeHeaders,
    body,
    response: {
      200: {
        type: 'object',
        required: ['status', 'booking_status', 'payment_status', 'confirmation_message', 'error'],
        properties: {
          status: success,
          booking_status: {
            ...bookingStatus,
            description: `Every part of the booking is "${outcome}".`,
          },
          payment_status: { type: 'string', enum: ['success'] },
          confirmation_message: { type: 'string', description: 'Markdown text for the user.' },
          error: noError,
        },
      },
      ...failures(bookingError),
    },
  } as const;
}

/** POST /confirm_plan */
export const confirmPlanSchema = bookingSchema('confirm', confirmBody);
/** POST /cancel_plan */
export const cancelPlanSchema = bookingSchema('cancel', cancelBody);

/** GET /get_user_plans/{user_wallet} */
export const listUserPlansSchema = {
  summary: "List a wallet's plans, newest first",
  description:
    "Lists a wallet's plans, newest first. Without limit it answers the whole list, as the old backend " +
    `did, up to ${UNPAGED_LIST_CEILING} plans; with limit it answers pages of that size. When more plans ` +
    'exist, next_cursor is set: pass it as cursor to get the next page.',
  tags: ['plans'],
  headers: readHeaders,
  params: {
    type: 'object',
    required: ['user_wallet'],
    properties: { user_wallet: wallet },
  },
  querystring: {
    type: 'object',
    properties: {
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: MAX_PAGE_SIZE,
        description: `Plans per page, 1 to ${MAX_PAGE_SIZE}. Without it: every plan, up to ${UNPAGED_LIST_CEILING}.`,
      },
      cursor: {
        type: 'string',
        minLength: 1,
        maxLength: 1024,
        description: 'The next_cursor of the previous page.',
      },
      status: { ...planStatus, description: 'Only plans with this status.' },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'plans', 'error', 'next_cursor'],
      properties: {
        status: success,
        plans: { type: 'array', items: userPlanSchema },
        error: noError,
        next_cursor: {
          type: ['string', 'null'],
          description: 'Set when more plans exist; pass it as cursor. Null on the last page.',
        },
      },
    },
    ...failures(listError),
  },
} as const;

/** The ETag response header of a plan, for the OpenAPI document. */
export const etagHeader = {
  etag: {
    type: 'string',
    description: 'The plan\'s version as a strong entity tag, e.g. "3": send it back in If-Match to edit.',
  },
} as const;

/** GET /plans/{plan_id} */
export const getPlanSchema = {
  summary: 'Get one plan',
  description:
    'The stored plan with its status, and its version in the ETag header (send it in If-Match to edit). ' +
    'With ?user_wallet= that wallet must own the plan or hold an active share of it (403 otherwise).',
  tags: ['plans'],
  headers: readHeaders,
  params: {
    type: 'object',
    required: ['plan_id'],
    properties: { plan_id: planId },
  },
  querystring: {
    type: 'object',
    properties: { user_wallet: wallet },
  },
  response: {
    200: {
      headers: etagHeader,
      type: 'object',
      required: ['status', 'plan', 'error'],
      properties: { status: success, plan: planDetailSchema, error: noError },
    },
    ...failures(planError),
  },
} as const;

const checkValue = { type: 'string', enum: ['ok', 'error', 'unknown'] } as const;

const healthBody = {
  type: 'object',
  required: ['status', 'response'],
  properties: {
    status: { type: 'string', enum: ['success', 'error'] },
    response: { type: 'string', description: 'Human-readable summary; on failure it names the part.' },
    checks: {
      type: 'object',
      required: ['gateway', 'plan_service', 'database'],
      properties: {
        gateway: checkValue,
        plan_service: checkValue,
        database: checkValue,
        cache: {
          type: 'string',
          enum: ['ok', 'degraded'],
          description:
            "plan-service's Redis cache, present only when it has one. degraded (Redis down) keeps the status 200: reads go to the database.",
        },
      },
    },
    version: { type: 'string', description: "The gateway's version." },
    error: errorMessage,
    code: errorCode,
  },
} as const;

/** GET /health */
export const healthSchema = {
  summary: 'Health of the gateway, plan-service and the database',
  description:
    '200 when the gateway, plan-service (gRPC health Check) and its database (health SERVING) all answer; ' +
    '503 otherwise, with response naming the part that failed. When plan-service is unreachable the ' +
    'database check is "unknown". Concurrent probes share one plan-service check, bounded to 2 s.',
  tags: ['operations'],
  headers: probeHeaders,
  response: { 200: healthBody, 503: healthBody, ...failures(healthBody) },
} as const;

/** GET /metrics */
export const metricsSchema = {
  summary: 'Prometheus metrics',
  description:
    'Prometheus text exposition: http_requests_total, http_request_duration_seconds, process metrics.',
  tags: ['operations'],
  response: {
    200: {
      description: 'Prometheus text format.',
      content: { 'text/plain': { schema: { type: 'string' } } },
    },
  },
} as const;
