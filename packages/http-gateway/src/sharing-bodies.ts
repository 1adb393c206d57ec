// The JSON bodies of the sharing, edit and audit-trail endpoints, in the house shape.
import {
  type PlanEvent,
  PlanEventAction,
  type PlanShare,
  PlanStatus,
  type SharedPlan,
  ShareRole,
} from '@travel-planner/plan-service/client';
import { type RestPlanStatus, restPlanStatus, type UserPlanSummary, userPlanSummary } from './legacy-bodies';

/** A share role as the REST API spells it. */
export type RestShareRole = 'viewer' | 'editor';

const REST_ROLE: Readonly<Partial<Record<ShareRole, RestShareRole>>> = {
  [ShareRole.SHARE_ROLE_VIEWER]: 'viewer',
  [ShareRole.SHARE_ROLE_EDITOR]: 'editor',
};

/** The proto role of a REST role. */
export const PROTO_ROLE: Readonly<Record<RestShareRole, ShareRole>> = {
  viewer: ShareRole.SHARE_ROLE_VIEWER,
  editor: ShareRole.SHARE_ROLE_EDITOR,
};

const REST_ACTION: Readonly<Partial<Record<PlanEventAction, string>>> = {
  [PlanEventAction.PLAN_EVENT_ACTION_CREATED]: 'created',
  [PlanEventAction.PLAN_EVENT_ACTION_UPDATED]: 'updated',
  [PlanEventAction.PLAN_EVENT_ACTION_CONFIRMED]: 'confirmed',
  [PlanEventAction.PLAN_EVENT_ACTION_CANCELLED]: 'cancelled',
  [PlanEventAction.PLAN_EVENT_ACTION_SHARED]: 'shared',
  [PlanEventAction.PLAN_EVENT_ACTION_UNSHARED]: 'unshared',
};

/** One grant, as `share` / `shares[]`. */
export interface ShareJson {
  plan_id: string;
  grantee_wallet: string;
  role: RestShareRole | null;
  created_at: string | null;
  owner_wallet: string;
  revoked_at: string | null;
}

/** One entry of `GET /shared_plans/{user_wallet}`: the get_user_plans summary, role and owner. */
export interface SharedPlanSummary extends UserPlanSummary {
  role: RestShareRole | null;
  owner_wallet: string;
  shared_at: string | null;
}

/** One entry of `GET /plans/{plan_id}/events`. */
export interface EventJson {
  action: string;
  actor_wallet: string | null;
  status_before: RestPlanStatus | null;
  status_after: RestPlanStatus | null;
  created_at: string | null;
  grantee_wallet: string | null;
  role: RestShareRole | null;
}

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);
const orNull = (text: string) => (text === '' ? null : text);
const statusOrNull = (status: PlanStatus) =>
  status === PlanStatus.PLAN_STATUS_UNSPECIFIED ? null : restPlanStatus(status);

/** A grant in the REST shape. */
export function shareJson(share: PlanShare): ShareJson {
  return {
    plan_id: share.planId,
    grantee_wallet: share.granteeWallet,
    role: REST_ROLE[share.role] ?? null,
    created_at: iso(share.createdAt),
    owner_wallet: share.ownerWallet,
    revoked_at: iso(share.revokedAt),
  };
}

/** A plan shared with the caller, in the REST shape. */
export function sharedPlanSummary(shared: SharedPlan): SharedPlanSummary | undefined {
  if (!shared.plan) return undefined;
  return {
    ...userPlanSummary(shared.plan),
    role: REST_ROLE[shared.role] ?? null,
    owner_wallet: shared.plan.userWallet,
    shared_at: iso(shared.sharedAt),
  };
}

/** An audit-trail event in the REST shape. */
export function eventJson(event: PlanEvent): EventJson {
  return {
    action: REST_ACTION[event.action] ?? 'unknown',
    actor_wallet: orNull(event.actorWallet),
    status_before: statusOrNull(event.statusBefore),
    status_after: statusOrNull(event.statusAfter),
    created_at: iso(event.createdAt),
    grantee_wallet: orNull(event.granteeWallet),
    role: REST_ROLE[event.role] ?? null,
  };
}
