import { type Plan, PlanStatus } from '@travel-planner/plan-service/client';
import { describe, expect, it } from 'vitest';
import {
  bookingSuccess,
  errorBody,
  generatePlanSuccess,
  legacyPlan,
  planDetail,
  planSuccess,
  restPlanStatus,
  userPlanSummary,
  userPlansSuccess,
} from './legacy-bodies';

const createdAt = new Date('2025-03-01T10:00:00.000Z');
const updatedAt = new Date('2025-03-02T11:30:00.000Z');

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: '123e4567-e89b-12d3-a456-426614174000',
    userWallet: '0x1234567890123456789012345678901234567890',
    destination: 'paris',
    budget: 2000,
    status: PlanStatus.PLAN_STATUS_GENERATED,
    createdAt,
    updatedAt,
    etag: '1',
    planData: {
      destination: 'Paris',
      flights: [
        {
          from_location: 'JFK',
          to_location: 'CDG',
          airline: 'Air France',
          dates: '2025-04-01 to 2025-04-08',
          price: 400,
        },
      ],
      hotels: [{ name: 'Hotel Demo', location: 'Paris', price_per_night: 100, nights: 7, total: 700 }],
      activities: ['Eiffel Tower'],
      total_cost: 1500,
      platform_fee: 30,
      grand_total: 1530,
      origin: 'JFK',
      nights: 7,
    },
    ...overrides,
  };
}

describe(legacyPlan.name, () => {
  it('keeps the legacy keys, then the extras, then plan_id and created_at', () => {
    const body = legacyPlan(plan());
    expect(Object.keys(body)).toEqual([
      'destination',
      'flights',
      'hotels',
      'activities',
      'total_cost',
      'platform_fee',
      'grand_total',
      'origin',
      'nights',
      'plan_id',
      'created_at',
    ]);
    expect(body).toMatchObject({
      destination: 'Paris',
      total_cost: 1500,
      platform_fee: 30,
      grand_total: 1530,
      plan_id: '123e4567-e89b-12d3-a456-426614174000',
      created_at: '2025-03-01T10:00:00.000Z',
      origin: 'JFK',
    });
    expect(body.flights[0]).toEqual({
      from_location: 'JFK',
      to_location: 'CDG',
      airline: 'Air France',
      dates: '2025-04-01 to 2025-04-08',
      price: 400,
    });
  });

  it('fills what a legacy or foreign plan_data lacks, with the types the frontend expects', () => {
    const body = legacyPlan(
      plan({
        planData: {
          flights: [{ airline: 'X', price: '120.5' }, 'not an object'],
          hotels: 'nope',
          activities: ['A', 7],
          total_cost: 100,
          platform_fee: 2,
          plan_id: 'forged',
        },
        createdAt: undefined,
      }),
    );
    expect(body.destination).toBe('paris');
    expect(body.flights).toEqual([
      { from_location: 'Unknown', to_location: 'Unknown', airline: 'X', dates: 'TBD', price: 120.5 },
    ]);
    expect(body.hotels).toEqual([]);
    expect(body.activities).toEqual(['A', '7']);
    // The old backend computed a missing grand_total as total_cost + platform_fee.
    expect(body.grand_total).toBe(102);
    expect(body.plan_id).toBe('123e4567-e89b-12d3-a456-426614174000');
    expect(body.created_at).toBe('');
  });

  it('survives a plan without plan_data', () => {
    const body = legacyPlan(plan({ planData: undefined }));
    expect(body).toMatchObject({ flights: [], hotels: [], activities: [], total_cost: 0, grand_total: 0 });
  });
});

describe(planDetail.name, () => {
  it('adds status, budget, user_wallet and updated_at', () => {
    const detail = planDetail(plan({ status: PlanStatus.PLAN_STATUS_CONFIRMED }));
    expect(detail).toMatchObject({
      status: 'confirmed',
      budget: 2000,
      user_wallet: '0x1234567890123456789012345678901234567890',
      updated_at: '2025-03-02T11:30:00.000Z',
      grand_total: 1530,
    });
    expect(planSuccess(plan())).toEqual({ status: 'success', plan: planDetail(plan()), error: null });
  });
});

describe(userPlanSummary.name, () => {
  it("reports the plan's grand_total as total_cost and the row's destination", () => {
    expect(userPlanSummary(plan({ status: PlanStatus.PLAN_STATUS_CANCELLED }))).toEqual({
      plan_id: '123e4567-e89b-12d3-a456-426614174000',
      destination: 'paris',
      total_cost: 1530,
      created_at: '2025-03-01T10:00:00.000Z',
      status: 'cancelled',
    });
  });

  it('sets next_cursor only when more plans exist', () => {
    expect(userPlansSuccess([plan()], '').next_cursor).toBeNull();
    expect(userPlansSuccess([plan()], 'abc').next_cursor).toBe('abc');
    expect(userPlansSuccess([], '')).toEqual({
      status: 'success',
      plans: [],
      error: null,
      next_cursor: null,
    });
  });
});

describe('success bodies', () => {
  it('builds the generate_plan body', () => {
    const body = generatePlanSuccess(plan(), '# Trip');
    expect(Object.keys(body).sort()).toEqual(['error', 'formatted_plan', 'plan', 'status']);
    expect(body).toMatchObject({ status: 'success', formatted_plan: '# Trip', error: null });
  });

  it('builds the confirm and cancel bodies', () => {
    const confirmed = bookingSuccess('confirm', plan(), 'card');
    expect(confirmed).toMatchObject({
      status: 'success',
      booking_status: { flights: 'confirmed', hotels: 'confirmed', activities: 'confirmed' },
      payment_status: 'success',
      error: null,
    });
    expect(confirmed.confirmation_message).toContain('Your trip to Paris has been successfully booked.');
    expect(confirmed.confirmation_message).toContain('Payment Method: card');
    const cancelled = bookingSuccess('cancel', plan());
    expect(cancelled.booking_status).toEqual({
      flights: 'cancelled',
      hotels: 'cancelled',
      activities: 'cancelled',
    });
  });
});

describe(errorBody.name, () => {
  it.each([
    ['generate', { status: 'error', plan: null, formatted_plan: null, error: 'boom', code: 'X' }],
    [
      'confirm',
      {
        status: 'error',
        booking_status: null,
        payment_status: 'failed',
        confirmation_message: 'Failed to confirm plan',
        error: 'boom',
        code: 'X',
      },
    ],
    [
      'cancel',
      {
        status: 'error',
        booking_status: null,
        payment_status: 'failed',
        confirmation_message: 'Failed to cancel plan',
        error: 'boom',
        code: 'X',
      },
    ],
    ['list', { status: 'error', plans: [], error: 'boom', code: 'X' }],
    ['plan', { status: 'error', plan: null, error: 'boom', code: 'X' }],
    ['health', { status: 'error', response: 'boom', error: 'boom', code: 'X' }],
    ['generic', { status: 'error', error: 'boom', code: 'X' }],
  ] as const)('builds the %s error body', (shape, expected) => {
    expect(errorBody(shape, 'boom', 'X')).toEqual(expected);
  });

  it('says "Plan not found" for an unknown plan, as the old backend did', () => {
    expect(errorBody('confirm', 'plan x not found', 'NOT_FOUND')).toMatchObject({
      confirmation_message: 'Plan not found',
    });
  });
});

describe(restPlanStatus.name, () => {
  it('spells the proto statuses the REST way', () => {
    expect(restPlanStatus(PlanStatus.PLAN_STATUS_GENERATED)).toBe('generated');
    expect(restPlanStatus(PlanStatus.PLAN_STATUS_CONFIRMED)).toBe('confirmed');
    expect(restPlanStatus(PlanStatus.PLAN_STATUS_CANCELLED)).toBe('cancelled');
  });
});
