import type { Plan as StorePlan, PlanStatus as StorePlanStatus } from '@travel-planner/plan-store';
import { PlanValidationError } from '@travel-planner/plan-store/rules';
import { PLAN_STATUS_BY_NAME, planStatusName } from './client/plan-status';
import { PlanStatus, PlanView, type Plan as ProtoPlan } from './gen/travel/plan/v1/plan_service';

/** The proto enum value of a store status. */
export function toProtoStatus(status: StorePlanStatus): PlanStatus {
  return PLAN_STATUS_BY_NAME[status];
}

/**
 * The store status of a proto enum value; `undefined` for `PLAN_STATUS_UNSPECIFIED` (no filter).
 * Throws `PlanValidationError` on `status` for values outside the enum.
 */
export function fromProtoStatus(status: PlanStatus): StorePlanStatus | undefined {
  if (status === PlanStatus.PLAN_STATUS_UNSPECIFIED) return undefined;
  const known = planStatusName(status);
  if (known === undefined)
    throw unknownEnumValue('status', PlanStatus, [
      PlanStatus.PLAN_STATUS_UNSPECIFIED,
      ...Object.values(PLAN_STATUS_BY_NAME),
    ]);
  return known;
}

const VIEWS: readonly PlanView[] = [PlanView.PLAN_VIEW_FULL, PlanView.PLAN_VIEW_BASIC];

/**
 * The view a listing answers with: `PLAN_VIEW_UNSPECIFIED` is FULL. Throws `PlanValidationError` on
 * `view` for values outside the enum (proto3 keeps unknown numbers, which must not read as FULL).
 */
export function fromProtoView(view: PlanView): PlanView {
  if (view === PlanView.PLAN_VIEW_UNSPECIFIED) return PlanView.PLAN_VIEW_FULL;
  if (!VIEWS.includes(view))
    throw unknownEnumValue('view', PlanView, [PlanView.PLAN_VIEW_UNSPECIFIED, ...VIEWS]);
  return view;
}

// proto3 enums are open: a caller may send any number. Each is refused naming its field and the known values.
function unknownEnumValue(
  field: string,
  names: Record<number, string>,
  known: Iterable<number>,
): PlanValidationError {
  const listed = [...known].map((value) => names[value]);
  return new PlanValidationError(field, `must be one of ${listed.join(', ')}`);
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
