import { PlanShareNotFoundError, PlanValidationError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../limits';
import { decodeKeyset, encodeKeyset, PG_TIMESTAMPTZ } from '../plans/cursor';
import { type PlanRow, toPlan } from '../plans/plan';
import type { RunAtomically, RunSql } from '../plans/sql-executor';
import { primaryOnly, type ReadRouting } from '../routing/read-routing';
import { withStoreErrors } from '../store-errors';
import { parseInput, schemas } from '../validation';
import { authorizedPlan } from './plan-access';
import type { PlanShare, SharedPlanPage, ShareRole, ShareRow } from './share';
import { toPlanShare } from './share';
import { actingWalletSchema, pageSchema, shareInputSchema, unshareInputSchema } from './share-input';
import {
  ACTIVE_SHARE,
  ACTIVE_SHARES,
  CHANGE_ROLE,
  GRANT,
  LAST_REVOKED_SHARE,
  REVOKE,
  sharedWithQuery,
} from './share-sql';

/** Input of {@link ShareRepository.share}. */
export interface ShareInput {
  planId: string;
  /** The acting wallet; must own the plan. */
  userWallet: string;
  /** The wallet to share with; not the owner. */
  granteeWallet: string;
  role: ShareRole;
}

/** Input of {@link ShareRepository.unshare}. */
export interface UnshareInput {
  planId: string;
  /** The acting wallet; must own the plan. */
  userWallet: string;
  granteeWallet: string;
}

/** Options of {@link ShareRepository.listSharedWith}. */
export interface SharedWithOptions {
  /** 1 to 100; default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Sharing plans with other wallets. Only the owner shares, revokes and lists a plan's grants. */
export interface ShareRepository {
  /**
   * Grants `role` on the plan to `granteeWallet` and appends a `shared` event. Sharing again with
   * the same role returns the active grant unchanged; with the other role it changes the role.
   */
  share(input: ShareInput): Promise<PlanShare>;
  /**
   * Revokes the grantee's active grant and appends an `unshared` event; in force for the next
   * request. Repeating it returns the revoked grant; a wallet never granted is `PlanShareNotFoundError`.
   */
  unshare(input: UnshareInput): Promise<PlanShare>;
  /** The plan's active grants, oldest first. */
  list(planId: string, options: { userWallet: string }): Promise<PlanShare[]>;
  /** Plans actively shared with `wallet`, newest grant first, each with its role; keyset pages. */
  listSharedWith(wallet: string, options?: SharedWithOptions): Promise<SharedPlanPage>;
}

type SharedRow = PlanRow & {
  share_id: string;
  share_role: ShareRole;
  shared_at: Date;
  cursor_granted_at: string;
};

const SHARE_ID = /^[1-9]\d{0,18}$/;

/**
 * Creates the sharing repository over a way to run SQL and a way to run it atomically. A grant or
 * revocation counts as a write of both the owner and the grantee, so neither reads past it on a
 * replica that has not replayed it; "shared with me" is routed as the grantee's read.
 * @internal
 */
export function createShareRepository(
  sql: RunSql,
  atomically: RunAtomically,
  routing: ReadRouting = primaryOnly(sql),
): ShareRepository {
  async function reported(row: ShareRow): Promise<PlanShare> {
    await routing.wrote([row.user_wallet, row.grantee_wallet]);
    return toPlanShare(row);
  }

  return withStoreErrors<ShareRepository>({
    async share(input) {
      const { planId, userWallet, granteeWallet, role } = parseInput(shareInputSchema, input);
      const { row, changed } = await atomically(async (run) => {
        const plan = await authorizedPlan(run, planId, userWallet, 'share');
        if (granteeWallet === plan.user_wallet) {
          throw new PlanValidationError('granteeWallet', 'must not be the plan owner');
        }
        const [active] = await run<ShareRow>(ACTIVE_SHARE, [planId, granteeWallet]);
        if (active?.role === role) return { row: active, changed: false };
        const [granted] = active
          ? await run<ShareRow>(CHANGE_ROLE, [active.id, role, userWallet, plan.version])
          : await run<ShareRow>(GRANT, [planId, plan.user_wallet, granteeWallet, role, plan.version]);
        return { row: granted!, changed: true };
      });
      return changed ? reported(row) : toPlanShare(row);
    },

    async unshare(input) {
      const { planId, userWallet, granteeWallet } = parseInput(unshareInputSchema, input);
      const { row, changed } = await atomically(async (run) => {
        const plan = await authorizedPlan(run, planId, userWallet, 'unshare');
        const [revoked] = await run<ShareRow>(REVOKE, [planId, granteeWallet, userWallet, plan.version]);
        if (revoked) return { row: revoked, changed: true };
        // Nothing active: a repeated revocation answers with the grant it revoked.
        const [last] = await run<ShareRow>(LAST_REVOKED_SHARE, [planId, granteeWallet]);
        if (!last) throw PlanShareNotFoundError.forGrantee(planId, granteeWallet);
        return { row: last, changed: false };
      });
      return changed ? reported(row) : toPlanShare(row);
    },

    async list(planId, options) {
      const id = parseInput(schemas.planId, planId, 'planId');
      const { userWallet } = parseInput(actingWalletSchema, options);
      await authorizedPlan(sql, id, userWallet, 'listShares');
      return (await sql<ShareRow>(ACTIVE_SHARES, [id])).map(toPlanShare);
    },

    async listSharedWith(wallet, options) {
      const grantee = parseInput(schemas.wallet, wallet, 'wallet');
      const { limit = DEFAULT_PAGE_SIZE, cursor } = parseInput(pageSchema, options ?? {});
      const after = cursor === undefined ? undefined : decodeKeyset(cursor, [PG_TIMESTAMPTZ, SHARE_ID]);
      const params: unknown[] = [grantee, ...(after ?? []), limit + 1];
      const query = sharedWithQuery(after !== undefined);
      const rows = await routing.forWallet(grantee, (run) => run<SharedRow>(query, params));
      const shown = rows.slice(0, limit);
      const last = shown.at(-1);
      return {
        plans: shown.map((row) => ({ plan: toPlan(row), role: row.share_role, sharedAt: row.shared_at })),
        ...(rows.length > limit && last
          ? { nextCursor: encodeKeyset([last.cursor_granted_at, last.share_id]) }
          : {}),
      };
    },
  });
}
