import type { Plan as StorePlan } from '@travel-planner/plan-store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GetPlanResponse, PlanStatus, PlanView, Plan as ProtoPlan } from './gen/travel/plan/v1/plan_service';
import { fromProtoStatus, fromProtoView, toProtoPlan, toProtoStatus, versionOfEtag } from './plan-conversion';

function storePlan(overrides: Partial<StorePlan> = {}): StorePlan {
  return {
    id: '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e',
    userWallet: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
    destination: 'Paris',
    budget: 2000,
    planData: { destination: 'Paris', flights: [], grand_total: 1999.5 },
    status: 'confirmed',
    createdAt: new Date('2025-03-10T23:30:00.123Z'),
    updatedAt: new Date('2025-03-11T08:00:00.456Z'),
    version: 3,
    ...overrides,
  };
}

// What a caller on the other end of the wire gets: the plan encoded, sent, decoded.
const overTheWire = (plan: StorePlan) => ProtoPlan.decode(ProtoPlan.encode(toProtoPlan(plan)).finish());

describe('plan conversion', () => {
  it('maps every store status to its enum value and back', () => {
    expect(toProtoStatus('generated')).toBe(PlanStatus.PLAN_STATUS_GENERATED);
    expect(toProtoStatus('confirmed')).toBe(PlanStatus.PLAN_STATUS_CONFIRMED);
    expect(toProtoStatus('cancelled')).toBe(PlanStatus.PLAN_STATUS_CANCELLED);
    for (const status of ['generated', 'confirmed', 'cancelled'] as const) {
      expect(fromProtoStatus(toProtoStatus(status))).toBe(status);
    }
  });

  it('reads UNSPECIFIED as no filter and refuses values outside the enum', () => {
    expect(fromProtoStatus(PlanStatus.PLAN_STATUS_UNSPECIFIED)).toBeUndefined();
    expect(() => fromProtoStatus(7 as PlanStatus)).toThrow(
      'status: must be one of PLAN_STATUS_UNSPECIFIED, PLAN_STATUS_GENERATED, PLAN_STATUS_CONFIRMED, PLAN_STATUS_CANCELLED',
    );
    expect(() => fromProtoStatus(PlanStatus.UNRECOGNIZED)).toThrow('status: must be one of');
  });

  it('keeps every field, with millisecond timestamps, through encode and decode', () => {
    const { version, ...plan } = storePlan();
    const back = overTheWire({ ...plan, version });
    expect(back).toEqual({ ...plan, status: PlanStatus.PLAN_STATUS_CONFIRMED, etag: String(version) });
    expect(back.createdAt?.toISOString()).toBe('2025-03-10T23:30:00.123Z');
  });

  it('round-trips plan_data with nested arrays, nulls, booleans, unicode and numbers', () => {
    const planData = {
      flights: [
        { from_location: 'JFK', to_location: 'CDG', price: 512.34, dates: '2025-04-09 to 2025-04-16' },
      ],
      matrix: [
        [1, 2, [3, [4, []]]],
        [null, true, false],
      ],
      nothing: null,
      empty: {},
      emptyList: [],
      yes: true,
      no: false,
      zero: 0,
      negative: -17.25,
      big: 9_007_199_254_740_991,
      tiny: 5e-324,
      unicode: 'Zürich → 東京 🚀 \u00e9 "quoted" \\ back',
      '': 'empty key',
      'key with spaces & ünïcode 🔑': { deeper: { still: ['ok'] } },
    };
    expect(overTheWire(storePlan({ planData })).planData).toEqual(planData);
  });

  it('round-trips any JSON object (property)', () => {
    // Keys named __proto__ are the one known loss, pinned down by the next test.
    const planDataArbitrary = fc
      .dictionary(fc.string(), fc.jsonValue())
      .filter((value) => !JSON.stringify(value).includes('"__proto__"'));
    fc.assert(
      fc.property(planDataArbitrary, (planData) => {
        // JSON.parse(JSON.stringify(x)) is what PostgreSQL's jsonb gives back (no -0, no undefined).
        const stored = JSON.parse(JSON.stringify(planData));
        expect(overTheWire(storePlan({ planData: stored })).planData).toEqual(stored);
      }),
      { numRuns: 300 },
    );
  });

  it('drops keys named __proto__ (ts-proto assigns Struct fields into plain objects), and only those', () => {
    const planData = JSON.parse(
      '{"__proto__": {"polluted": 1}, "nested": {"__proto__": 2, "kept": true}, "constructor": 3}',
    );
    expect(overTheWire(storePlan({ planData })).planData).toEqual({ nested: { kept: true }, constructor: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('carries a plan inside a response message', () => {
    const plan = storePlan({ status: 'generated' });
    const decoded = GetPlanResponse.decode(GetPlanResponse.encode({ plan: toProtoPlan(plan) }).finish());
    expect(decoded.plan?.status).toBe(PlanStatus.PLAN_STATUS_GENERATED);
    expect(decoded.plan?.planData).toEqual(plan.planData);
  });

  it('reads UNSPECIFIED as FULL and refuses views outside the enum', () => {
    expect(fromProtoView(PlanView.PLAN_VIEW_UNSPECIFIED)).toBe(PlanView.PLAN_VIEW_FULL);
    expect(fromProtoView(PlanView.PLAN_VIEW_FULL)).toBe(PlanView.PLAN_VIEW_FULL);
    expect(fromProtoView(PlanView.PLAN_VIEW_BASIC)).toBe(PlanView.PLAN_VIEW_BASIC);
    expect(() => fromProtoView(9 as PlanView)).toThrow(
      'view: must be one of PLAN_VIEW_UNSPECIFIED, PLAN_VIEW_FULL, PLAN_VIEW_BASIC',
    );
    expect(() => fromProtoView(PlanView.UNRECOGNIZED)).toThrow('view: must be one of');
  });

  it('carries the version as an etag and reads only etags it handed out', () => {
    expect(toProtoPlan(storePlan({ version: 42 })).etag).toBe('42');
    expect(ProtoPlan.decode(ProtoPlan.encode(toProtoPlan(storePlan({ version: 42 }))).finish()).etag).toBe(
      '42',
    );
    expect(versionOfEtag('7')).toBe(7);
    for (const bad of ['0', '-1', '1.5', ' 7', '07', 'W/"7"', '99999999999', 'abc']) {
      expect(() => versionOfEtag(bad)).toThrow('etag: must be an etag returned by this service');
    }
  });
});
