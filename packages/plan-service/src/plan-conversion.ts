import {
  PlanValidationError,
  type Plan as StorePlan,
  type PlanData as StorePlanData,
  type PlanStatus as StorePlanStatus,
} from '@travel-planner/plan-store';
import { PlanStatus, type Plan as ProtoPlan } from './gen/travel/plan/v1/plan_service';

// The lifecycle states on both sides of the wire.
const PROTO_STATUS: Readonly<Record<StorePlanStatus, PlanStatus>> = Object.freeze({
  generated: PlanStatus.PLAN_STATUS_GENERATED,
  confirmed: PlanStatus.PLAN_STATUS_CONFIRMED,
  cancelled: PlanStatus.PLAN_STATUS_CANCELLED,
});

const STORE_STATUS: ReadonlyMap<PlanStatus, StorePlanStatus> = new Map(
  Object.entries(PROTO_STATUS).map(([store, proto]) => [proto, store as StorePlanStatus]),
);

/** The proto enum value of a store status. */
export function toProtoStatus(status: StorePlanStatus): PlanStatus {
  return PROTO_STATUS[status];
}

/**
 * The store status of a proto enum value; `undefined` for `PLAN_STATUS_UNSPECIFIED` (no filter).
 * Throws `PlanValidationError` on `status` for values outside the enum.
 */
export function fromProtoStatus(status: PlanStatus): StorePlanStatus | undefined {
  if (status === PlanStatus.PLAN_STATUS_UNSPECIFIED) return undefined;
  const known = STORE_STATUS.get(status);
  if (known === undefined) {
    const names = [
      'PLAN_STATUS_UNSPECIFIED',
      ...Object.values(PROTO_STATUS).map((value) => PlanStatus[value]),
    ];
    throw new PlanValidationError('status', `must be one of ${names.join(', ')}`);
  }
  return known;
}

/**
 * A stored plan as the proto message. plan_data travels as `google.protobuf.Struct`, which ts-proto
 * wraps and unwraps, so any JSON object (nested arrays, nulls, booleans, unicode, numbers) round-trips.
 */
export function toProtoPlan(plan: StorePlan): ProtoPlan {
  return {
    id: plan.id,
    userWallet: plan.userWallet,
    destination: plan.destination,
    budget: plan.budget,
    planData: plan.planData,
    status: toProtoStatus(plan.status),
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    etag: etagOf(plan.version),
  };
}

/** The etag of a plan version: the version's decimal digits, opaque to callers. */
export function etagOf(version: number): string {
  return String(version);
}

const ETAG = /^[1-9]\d{0,9}$/;

/**
 * The plan version an etag names. Throws `PlanValidationError` on `field` for anything this
 * service did not hand out.
 */
export function versionOfEtag(etag: string, field = 'etag'): number {
  if (etag === '') throw new PlanValidationError(field, 'is required');
  const version = Number(etag);
  if (!ETAG.test(etag) || version > 2_147_483_647) {
    throw new PlanValidationError(field, 'must be an etag returned by this service');
  }
  return version;
}

/**
 * A proto plan in the store's shape (`status: 'generated'`, Dates, `planData` object), for Node
 * services that receive plans over gRPC and work with plan-store's `Plan`. Throws
 * `PlanValidationError` when the status, a timestamp or the etag is missing.
 */
export function fromProtoPlan(plan: ProtoPlan): StorePlan {
  const status = fromProtoStatus(plan.status);
  if (status === undefined) throw new PlanValidationError('status', 'is required');
  if (!plan.createdAt) throw new PlanValidationError('created_at', 'is required');
  if (!plan.updatedAt) throw new PlanValidationError('updated_at', 'is required');
  return {
    id: plan.id,
    userWallet: plan.userWallet,
    destination: plan.destination,
    budget: plan.budget,
    planData: (plan.planData ?? {}) as StorePlanData,
    status,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    version: versionOfEtag(plan.etag),
  };
}
