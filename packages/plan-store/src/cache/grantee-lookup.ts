import type { RunSql } from '../plans/sql-executor';
import { ACTIVE_GRANTEES } from '../sharing/share-sql';
import type { InvalidationTargets } from './plan-cache';

/** What a write invalidates, and the plans whose active grantees' shared views it changed too. */
export interface WriteTargets extends InvalidationTargets {
  granteesOf?: readonly string[];
}

/**
 * Resolves `granteesOf` to the wallets holding an active grant, read from the primary (after the
 * write committed, so a grant made since is seen). When the lookup fails, the whole cache is
 * dropped instead: a grantee's view of the changed plan could not be named.
 * @internal
 */
export function granteeLookup(sql: RunSql) {
  return async ({ granteesOf = [], ...targets }: WriteTargets): Promise<InvalidationTargets> => {
    if (granteesOf.length === 0) return targets;
    try {
      const rows = await sql<{ grantee_wallet: string }>(ACTIVE_GRANTEES, [granteesOf]);
      return { ...targets, wallets: [...(targets.wallets ?? []), ...rows.map((row) => row.grantee_wallet)] };
    } catch {
      return { ...targets, everything: true };
    }
  };
}

/** {@link granteeLookup}'s function. */
export type GranteeLookup = ReturnType<typeof granteeLookup>;
