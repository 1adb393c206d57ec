import type { PlanStatus } from '../plans/plan';
import type { ShareRole } from '../sharing/share';

/** What happened to a plan. */
export type PlanEventAction = 'created' | 'updated' | 'confirmed' | 'cancelled' | 'shared' | 'unshared';

/** Every {@link PlanEventAction}. */
export const PLAN_EVENT_ACTIONS: readonly PlanEventAction[] = [
  'created',
  'updated',
  'confirmed',
  'cancelled',
  'shared',
  'unshared',
];

/** One entry of a plan's audit trail. */
export interface PlanEvent {
  /** Increases with every event written; orders a plan's events. */
  id: string;
  planId: string;
  /** The plan's owner. */
  ownerWallet: string;
  action: PlanEventAction;
  /** Who made the change; `null` when a trusted caller acted for no wallet. */
  actorWallet: string | null;
  /** The status before and after, for the actions that change it (created, confirmed, cancelled). */
  statusBefore: PlanStatus | null;
  statusAfter: PlanStatus | null;
  /** The plan's version after the change. */
  version: number;
  /** For `shared` and `unshared`: whose grant, and its role. */
  granteeWallet: string | null;
  role: ShareRole | null;
  createdAt: Date;
}

/** A page of events, oldest first; `nextCursor` is present when more follow. */
export interface PlanEventPage {
  events: PlanEvent[];
  nextCursor?: string;
}

/** A `plan_events` row as node-postgres returns it. @internal */
export interface PlanEventRow {
  id: string;
  plan_id: string;
  user_wallet: string;
  action: PlanEventAction;
  actor_wallet: string | null;
  status_before: PlanStatus | null;
  status_after: PlanStatus | null;
  plan_version: number;
  grantee_wallet: string | null;
  role: ShareRole | null;
  created_at: Date;
}

/** Maps a row to the public {@link PlanEvent}. @internal */
export function toPlanEvent(row: PlanEventRow): PlanEvent {
  return {
    id: row.id,
    planId: row.plan_id,
    ownerWallet: row.user_wallet,
    action: row.action,
    actorWallet: row.actor_wallet,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    version: row.plan_version,
    granteeWallet: row.grantee_wallet,
    role: row.role,
    createdAt: row.created_at,
  };
}
