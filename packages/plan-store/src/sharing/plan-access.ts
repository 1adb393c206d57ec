import { PlanNotFoundError } from '../errors';
import type { PlanRow } from '../plans/plan';
import type { RunSql } from '../plans/sql-executor';
import { authorize, type PlanAction } from './authorize';
import type { ShareRole } from './share';
import { ACTIVE_ROLE, LOCK_PLAN, PLAN_WITH_ROLE } from './share-sql';

// Actions that change the plan or its grants.
const CHANGES: ReadonlySet<PlanAction> = new Set(['edit', 'confirm', 'cancel', 'share', 'unshare']);

type AccessRow = PlanRow & { share_role: ShareRole | null };

async function readAccess(
  sql: RunSql,
  planId: string,
  wallet: string | undefined,
  lock: boolean,
): Promise<AccessRow | undefined> {
  if (!lock) {
    const [row] = await sql<AccessRow>(PLAN_WITH_ROLE, [planId, wallet ?? null]);
    return row;
  }
  const [row] = await sql<PlanRow>(LOCK_PLAN, [planId]);
  if (!row) return undefined;
  if (wallet === undefined || wallet === row.user_wallet) return { ...row, share_role: null };
  // Read by a statement of its own once the lock is held, so its snapshot includes every grant
  // and revocation committed by whoever held the lock before (a join in the locking statement
  // would keep the grant it saw before waiting).
  const [grant] = await sql<{ role: ShareRole }>(ACTIVE_ROLE, [planId, wallet]);
  return { ...row, share_role: grant?.role ?? null };
}

/**
 * Loads a plan for `wallet` to take `action` on it, and decides through {@link authorize} whether
 * it may: the row, `undefined` when there is no such plan, or a `PlanOwnershipError`.
 *
 * For an action that changes the plan or its grants the plan's row is locked first
 * (`SELECT … FOR UPDATE`, so call it inside a transaction): every change to one plan (edits,
 * transitions, grants, revocations) then runs one at a time, and each sees the grants exactly as
 * the one before left them. A revocation is therefore in force for the very next request.
 * @internal
 */
export async function findAuthorized(
  sql: RunSql,
  planId: string,
  wallet: string | undefined,
  action: PlanAction,
): Promise<PlanRow | undefined> {
  const row = await readAccess(sql, planId, wallet, CHANGES.has(action));
  if (!row) return undefined;
  authorize(
    { planId, ownerWallet: row.user_wallet, ...(row.share_role ? { role: row.share_role } : {}) },
    wallet,
    action,
  );
  return row;
}

/** {@link findAuthorized}, throwing `PlanNotFoundError` when there is no such plan. @internal */
export async function authorizedPlan(
  sql: RunSql,
  planId: string,
  wallet: string | undefined,
  action: PlanAction,
): Promise<PlanRow> {
  const row = await findAuthorized(sql, planId, wallet, action);
  if (!row) throw PlanNotFoundError.byId(planId);
  return row;
}
