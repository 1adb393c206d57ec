import type { Plan } from '../plans/plan';

/** What a grantee may do: a `viewer` reads the plan; an `editor` also changes its itinerary and destination. */
export type ShareRole = 'viewer' | 'editor';

/** Every {@link ShareRole}. */
export const SHARE_ROLES: readonly ShareRole[] = ['viewer', 'editor'];

/** A grant of a plan to another wallet. */
export interface PlanShare {
  planId: string;
  /** The plan's owner, who granted it. */
  ownerWallet: string;
  granteeWallet: string;
  role: ShareRole;
  /** The wallet that made the grant (the owner). */
  grantedBy: string;
  createdAt: Date;
  /** Set once the grant was revoked; a revoked grant allows nothing. */
  revokedAt?: Date;
  revokedBy?: string;
}

/** A plan as a grantee sees it in "shared with me". */
export interface SharedPlan {
  plan: Plan;
  role: ShareRole;
  /** When the active grant was made. */
  sharedAt: Date;
}

/** A page of plans shared with a wallet, newest grant first; `nextCursor` is present when more follow. */
export interface SharedPlanPage {
  plans: SharedPlan[];
  nextCursor?: string;
}

/** A `plan_shares` row as node-postgres returns it. @internal */
export interface ShareRow {
  id: string;
  plan_id: string;
  user_wallet: string;
  grantee_wallet: string;
  role: ShareRole;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** Maps a row to the public {@link PlanShare}. @internal */
export function toPlanShare(row: ShareRow): PlanShare {
  return {
    planId: row.plan_id,
    ownerWallet: row.user_wallet,
    granteeWallet: row.grantee_wallet,
    role: row.role,
    grantedBy: row.granted_by,
    createdAt: row.granted_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
    ...(row.revoked_by === null ? {} : { revokedBy: row.revoked_by }),
  };
}
