// Builds the exact JSON bodies of the old FastAPI backend (field names and nesting are a contract
// the frontend depends on; fields may be added, never removed or renamed).
import {
  PLAN_STATUS_BY_NAME,
  type Plan,
  type PlanStatus,
  planStatusName,
} from '@travel-planner/plan-service/client';
import { DEFAULT_PAYMENT_METHOD, type PlanStatus as StorePlanStatus } from '@travel-planner/plan-store/rules';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import {
  type confirmPlanSchema,
  type flightSchema,
  type generatePlanSchema,
  type genericErrorBody,
  type getPlanSchema,
  type healthSchema,
  type hotelSchema,
  LEGACY_PLAN_KEYS,
  type legacyPlanSchema,
  type listUserPlansSchema,
  type planDetailSchema,
  type userPlanSchema,
} from './schemas';

/** A plan's status as the REST API spells it: plan-store's own names. */
export type RestPlanStatus = StorePlanStatus;

/** Which body family a route answers with; errors keep the family of their route. */
export type LegacyShape = 'generate' | 'confirm' | 'cancel' | 'list' | 'plan' | 'health' | 'generic';

/** A flight leg of a legacy plan. */
export type LegacyFlight = FromSchema<typeof flightSchema>;

/** A hotel stay of a legacy plan. */
export type LegacyHotel = FromSchema<typeof hotelSchema>;

/** The `plan` object of `POST /generate_plan`. */
export type LegacyPlan = FromSchema<typeof legacyPlanSchema>;

/** The `plan` object of `GET /plans/{plan_id}`: a legacy plan plus the row's other columns. */
export type PlanDetail = FromSchema<typeof planDetailSchema>;

/** One entry of `GET /get_user_plans/{user_wallet}`. */
export type UserPlanSummary = FromSchema<typeof userPlanSchema>;

// A route's answers: its 200 body, or its error body (the same for every 4xx and 5xx).
type Answers<R extends { 200: JSONSchema; '4xx': JSONSchema }> = FromSchema<R[200]> | FromSchema<R['4xx']>;

/** `POST /generate_plan` answers. */
export type GeneratePlanBody = Answers<typeof generatePlanSchema.response>;

/** `POST /confirm_plan` and `POST /cancel_plan` answers. */
export type BookingBody = Answers<typeof confirmPlanSchema.response>;

/** The three booking parts and their state. */
export type BookingStatus = Extract<BookingBody, { status: 'success' }>['booking_status'];

/** `GET /get_user_plans/{user_wallet}` answers. */
export type UserPlansBody = Answers<typeof listUserPlansSchema.response>;

/** `GET /plans/{plan_id}` answers. */
export type PlanBody = Answers<typeof getPlanSchema.response>;

/** `GET /health` answers. */
export type HealthBody = FromSchema<(typeof healthSchema.response)[200]>;

/** The parts `GET /health` checks. */
export type HealthChecks = NonNullable<HealthBody['checks']>;

/** The state of one part in `GET /health`. */
export type HealthCheckState = HealthChecks['gateway'];

/** The error body of a route without a legacy shape. */
export type GenericErrorBody = FromSchema<typeof genericErrorBody>;

/** The proto enum value of a REST status (a `status` filter). */
export function protoPlanStatus(status: RestPlanStatus): PlanStatus {
  return PLAN_STATUS_BY_NAME[status];
}

/** Spells a plan's proto status the way the REST API does (`generated`, `confirmed`, `cancelled`). */
export function restPlanStatus(status: PlanStatus): RestPlanStatus {
  // A plan always has a status; an unknown number can only come from a newer server, and the
  // legacy frontend knows "generated" best.
  return planStatusName(status) ?? 'generated';
}

// Everything in plan_data beyond the legacy keys follows them.
const LEGACY_KEYS: ReadonlySet<string> = new Set(LEGACY_PLAN_KEYS);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Plans stored by the old backend or given to CreatePlan are not guaranteed to carry every key or
// the right JSON types; the frontend calls number methods on these fields, so they are always numbers.
function money(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return 0;
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? fallback : String(value);
}

function objects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function iso(date: Date | undefined): string {
  // The old backend wrote "" when the row had no timestamp.
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

function grandTotal(data: Record<string, unknown>): number {
  // The old backend computed grand_total as total_cost + platform_fee when it was absent.
  return data.grand_total === undefined
    ? money(data.total_cost) + money(data.platform_fee)
    : money(data.grand_total);
}

/** Builds the legacy `plan` object: plan_data's legacy keys, its other keys, then plan_id and created_at. */
export function legacyPlan(plan: Plan): LegacyPlan {
  const data = isObject(plan.planData) ? plan.planData : {};
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!LEGACY_KEYS.has(key)) extras[key] = value;
  }
  return {
    destination: text(data.destination, plan.destination),
    flights: objects(data.flights).map((leg) => ({
      ...leg,
      from_location: text(leg.from_location, 'Unknown'),
      to_location: text(leg.to_location, 'Unknown'),
      airline: text(leg.airline, 'Unknown'),
      dates: text(leg.dates, 'TBD'),
      price: money(leg.price),
    })),
    hotels: objects(data.hotels).map((stay) => ({
      ...stay,
      name: text(stay.name, 'Unknown Hotel'),
      location: text(stay.location, 'Unknown'),
      price_per_night: money(stay.price_per_night),
      nights: Math.trunc(money(stay.nights)),
      total: money(stay.total),
    })),
    activities: Array.isArray(data.activities) ? data.activities.map((name) => text(name, '')) : [],
    total_cost: money(data.total_cost),
    platform_fee: money(data.platform_fee),
    grand_total: grandTotal(data),
    ...extras,
    plan_id: plan.id,
    created_at: iso(plan.createdAt),
  };
}

/** Builds the `plan` object of `GET /plans/{plan_id}`. */
export function planDetail(plan: Plan): PlanDetail {
  return {
    ...legacyPlan(plan),
    status: restPlanStatus(plan.status),
    budget: plan.budget,
    user_wallet: plan.userWallet,
    updated_at: iso(plan.updatedAt),
  };
}

/** Builds one entry of a wallet's plan list; `total_cost` is the plan's grand_total, as before. */
export function userPlanSummary(plan: Plan): UserPlanSummary {
  const data = isObject(plan.planData) ? plan.planData : {};
  return {
    plan_id: plan.id,
    destination: plan.destination,
    total_cost: grandTotal(data),
    created_at: iso(plan.createdAt),
    status: restPlanStatus(plan.status),
  };
}

/** `POST /generate_plan` success. */
export function generatePlanSuccess(
  plan: Plan,
  formattedPlan: string,
): Extract<GeneratePlanBody, { status: 'success' }> {
  return { status: 'success', plan: legacyPlan(plan), formatted_plan: formattedPlan, error: null };
}

/** `POST /confirm_plan` or `POST /cancel_plan` success, with a markdown message for the user. */
export function bookingSuccess(
  action: 'confirm' | 'cancel',
  plan: Plan,
  paymentMethod = DEFAULT_PAYMENT_METHOD,
): Extract<BookingBody, { status: 'success' }> {
  const part = action === 'confirm' ? 'confirmed' : 'cancelled';
  const destination = text(isObject(plan.planData) ? plan.planData.destination : undefined, plan.destination);
  const lines =
    action === 'confirm'
      ? [
          '✅ **Travel Plan Confirmed!**',
          '',
          `Your trip to ${destination} has been successfully booked.`,
          '',
          '**Booking Details:**',
          `• Plan ID: ${plan.id}`,
          '• Payment Status: success',
          `• Payment Method: ${paymentMethod}`,
        ]
      : [
          '**Travel Plan Cancelled**',
          '',
          `Your trip to ${destination} has been cancelled.`,
          '',
          '**Booking Details:**',
          `• Plan ID: ${plan.id}`,
        ];
  lines.push(`• Flights: ${part}`, `• Hotels: ${part}`, `• Activities: ${part}`);
  return {
    status: 'success',
    booking_status: { flights: part, hotels: part, activities: part },
    payment_status: 'success',
    confirmation_message: lines.join('\n'),
    error: null,
  };
}

/** `GET /get_user_plans/{user_wallet}` success, newest first as plan-service returns them. */
export function userPlansSuccess(
  plans: readonly Plan[],
  nextCursor: string | undefined,
): Extract<UserPlansBody, { status: 'success' }> {
  return {
    status: 'success',
    plans: plans.map(userPlanSummary),
    error: null,
    next_cursor: nextCursor ? nextCursor : null,
  };
}

/** `GET /plans/{plan_id}` success. */
export function planSuccess(plan: Plan): Extract<PlanBody, { status: 'success' }> {
  return { status: 'success', plan: planDetail(plan), error: null };
}

/** The error body of a route's family, carrying `message` and a machine-readable `code`. */
export function errorBody(
  shape: LegacyShape,
  message: string,
  code: string,
): GeneratePlanBody | BookingBody | UserPlansBody | PlanBody | HealthBody | GenericErrorBody {
  switch (shape) {
    case 'generate':
      return { status: 'error', plan: null, formatted_plan: null, error: message, code };
    case 'confirm':
    case 'cancel':
      return {
        status: 'error',
        booking_status: null,
        payment_status: 'failed',
        // The old backend's texts: "Plan not found" for an unknown id, else "Failed to confirm plan".
        confirmation_message:
          code === 'NOT_FOUND'
            ? 'Plan not found'
            : `Failed to ${shape === 'confirm' ? 'confirm' : 'cancel'} plan`,
        error: message,
        code,
      };
    case 'list':
      return { status: 'error', plans: [], error: message, code };
    case 'plan':
      return { status: 'error', plan: null, error: message, code };
    case 'health':
      return { status: 'error', response: message, error: message, code };
    case 'generic':
      return { status: 'error', error: message, code };
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body family of this route's answers, used by the error handler. Defaults to `generic`. */
    legacyShape?: LegacyShape;
  }
}
