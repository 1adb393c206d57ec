import type { PlanRepository } from '../plans/plan-repository';
import type { Repositories } from '../repositories';
import type { PlanStoreTransaction } from '../transaction';
import type { CacheKeys } from './cache-keys';
import { cachedReads, cachedSharedWith, invalidatingShares, invalidatingWrites } from './cached-repository';
import type { GranteeLookup, WriteTargets } from './grantee-lookup';
import type { PlanCache } from './plan-cache';

type RunTransaction = (fn: (tx: PlanStoreTransaction) => Promise<void>) => Promise<void>;
type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * `store.transaction` when the store has a cache. The database transaction begins only when the
 * callback first needs the database, so a call whose reads are all cache hits takes no connection
 * at all. Reads before that point (nothing has run in the transaction yet, so they see exactly
 * what a read outside it would) go through the cache; once the transaction has begun, everything
 * goes to it. Writes invalidate after COMMIT, never inside the transaction (a reader could refill
 * an entry from the state about to change), and also after a failure, which may hide a COMMIT the
 * server applied. Commit, rollback, errors and the read routing's `wrote` are those of `run`:
 * whatever `fn` throws is rethrown unchanged. `shape` (the pool-level repositories) only names the
 * methods to forward.
 * @internal
 */
export async function cachedTransaction<T>(
  cache: PlanCache,
  keys: CacheKeys,
  shape: Repositories,
  lookup: GranteeLookup,
  run: RunTransaction,
  fn: (tx: PlanStoreTransaction) => Promise<T>,
): Promise<T> {
  let begun:
    | { tx: Promise<PlanStoreTransaction>; settle(outcome: Outcome): void; finished: Promise<void> }
    | undefined;

  function begin(): Promise<PlanStoreTransaction> {
    if (!begun) {
      let settle!: (outcome: Outcome) => void;
      const outcome = new Promise<Outcome>((resolve) => {
        settle = resolve;
      });
      let handOut!: (tx: PlanStoreTransaction) => void;
      let refuse!: (err: unknown) => void;
      const tx = new Promise<PlanStoreTransaction>((resolve, reject) => {
        handOut = resolve;
        refuse = reject;
      });
      // The transaction stays open until the callback settles `outcome`.
      const finished = run(async (inner) => {
        handOut(inner);
        const settled = await outcome;
        if (!settled.ok) throw settled.error;
      });
      finished.catch(refuse); // no connection or no BEGIN: the waiting statement fails with it
      begun = { tx, settle, finished };
    }
    return begun.tx;
  }

  // Every method runs in the database transaction, which begins at the first call.
  function inTransaction<K extends keyof Repositories>(repository: K): Repositories[K] {
    return Object.fromEntries(
      Object.keys(shape[repository]).map((name) => [
        name,
        async (...args: unknown[]) => {
          const bound = (await begin())[repository] as unknown as Record<
            string,
            (...a: unknown[]) => Promise<unknown>
          >;
          return bound[name]?.(...args);
        },
      ]),
    ) as unknown as Repositories[K];
  }
  const lazyPlans = inTransaction('plans');
  const cached = cachedReads(lazyPlans, cache, keys);
  const lazyShares = inTransaction('shares');
  const cachedShared = cachedSharedWith(lazyShares, cache, keys);
  const changed: WriteTargets[] = [];
  const record = (targets: WriteTargets) => void changed.push(targets);
  const plans: PlanRepository = {
    ...lazyPlans,
    ...invalidatingWrites(lazyPlans, record, lookup),
    get: (id, options) => (begun ? lazyPlans.get(id, options) : cached.get(id, options)),
    listByWallet: (wallet, options) =>
      begun ? lazyPlans.listByWallet(wallet, options) : cached.listByWallet(wallet, options),
  };
  const tx: PlanStoreTransaction = {
    plans,
    shares: {
      ...lazyShares,
      ...invalidatingShares(lazyShares, record),
      listSharedWith: (wallet, options) =>
        begun ? lazyShares.listSharedWith(wallet, options) : cachedShared.listSharedWith(wallet, options),
    },
    events: inTransaction('events'),
  };

  try {
    let value: T;
    try {
      value = await fn(tx);
    } catch (err) {
      if (begun) {
        begun.settle({ ok: false, error: err });
        await begun.finished.catch(() => undefined); // rolls back, then rejects with `err` itself
      }
      throw err;
    }
    if (begun) {
      begun.settle({ ok: true });
      await begun.finished; // commits
    }
    return value;
  } finally {
    if (changed.length > 0) {
      // After COMMIT (or the failure): grantees are looked up on the committed state.
      await cache.invalidate(
        await lookup({
          planIds: changed.flatMap((targets) => targets.planIds ?? []),
          wallets: changed.flatMap((targets) => targets.wallets ?? []),
          granteesOf: changed.flatMap((targets) => targets.granteesOf ?? []),
          everything: changed.some((targets) => targets.everything),
        }),
      );
    }
  }
}
