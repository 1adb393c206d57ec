import {
  PlanValidationError,
  type PlanEvent as StorePlanEvent,
  type PlanEventAction as StorePlanEventAction,
  type PlanShare as StorePlanShare,
  type SharedPlan as StoreSharedPlan,
  type ShareRole as StoreShareRole,
} from '@travel-planner/plan-store';
import {
  type Plan,
  PlanEventAction,
  PlanStatus,
  type PlanEvent as ProtoPlanEvent,
  type PlanShare as ProtoPlanShare,
  type SharedPlan as ProtoSharedPlan,
  ShareRole,
} from './gen/travel/plan/v1/plan_service';
import { etagOf, toProtoStatus } from './plan-conversion';

// The share roles on both sides of the wire.
const PROTO_ROLE: Readonly<Record<StoreShareRole, ShareRole>> = Object.freeze({
  viewer: ShareRole.SHARE_ROLE_VIEWER,
  editor: ShareRole.SHARE_ROLE_EDITOR,
});

const PROTO_ACTION: Readonly<Record<StorePlanEventAction, PlanEventAction>> = Object.freeze({
  created: PlanEventAction.PLAN_EVENT_ACTION_CREATED,
  updated: PlanEventAction.PLAN_EVENT_ACTION_UPDATED,
  confirmed: PlanEventAction.PLAN_EVENT_ACTION_CONFIRMED,
  cancelled: PlanEventAction.PLAN_EVENT_ACTION_CANCELLED,
  shared: PlanEventAction.PLAN_EVENT_ACTION_SHARED,
  unshared: PlanEventAction.PLAN_EVENT_ACTION_UNSHARED,
});

/** The store role of a proto role; UNSPECIFIED or an unknown value is INVALID_ARGUMENT on `role`. */
export function fromProtoRole(role: ShareRole): StoreShareRole {
  for (const [store, proto] of Object.entries(PROTO_ROLE)) if (proto === role) return store as StoreShareRole;
  throw new PlanValidationError('role', 'must be one of SHARE_ROLE_VIEWER, SHARE_ROLE_EDITOR');
}

/** The proto message of a grant. */
export function toProtoShare(share: StorePlanShare): ProtoPlanShare {
  return {
    planId: share.planId,
    granteeWallet: share.granteeWallet,
    role: PROTO_ROLE[share.role],
    createdAt: share.createdAt,
    ownerWallet: share.ownerWallet,
    revokedAt: share.revokedAt,
  };
}

/** The proto message of a plan in a shared list; `toPlan` renders the plan in the requested view. */
export function toProtoSharedPlan(
  shared: StoreSharedPlan,
  toPlan: (plan: StoreSharedPlan['plan']) => Plan,
): ProtoSharedPlan {
  return { plan: toPlan(shared.plan), role: PROTO_ROLE[shared.role], sharedAt: shared.sharedAt };
}

/** The proto message of an audit-trail event. */
export function toProtoEvent(event: StorePlanEvent): ProtoPlanEvent {
  return {
    action: PROTO_ACTION[event.action],
    actorWallet: event.actorWallet ?? '',
    statusBefore: event.statusBefore ? toProtoStatus(event.statusBefore) : PlanStatus.PLAN_STATUS_UNSPECIFIED,
    statusAfter: event.statusAfter ? toProtoStatus(event.statusAfter) : PlanStatus.PLAN_STATUS_UNSPECIFIED,
    createdAt: event.createdAt,
    etag: etagOf(event.version),
    granteeWallet: event.granteeWallet ?? '',
    role: event.role ? PROTO_ROLE[event.role] : ShareRole.SHARE_ROLE_UNSPECIFIED,
  };
}
