import type { PlanRepository } from '../plans/plan-repository';
import { toStoreError } from '../to-store-error';
import type { PlanStoreTransaction } from '../transaction';
import type { CacheKeys } from './cache-keys';
import { cachedReads, invalidatingWrites } from './cached-repository';
import type { InvalidationTargets, PlanCache } from './plan-cache';

type RunTransaction = (fn: (tx: PlanStoreTransaction) => Promise<void>) => Promise<void>;
type Outcome = { ok: true } | { ok: false; error: unknown };

/**
 * `store.transaction` when the store has a cache. The database transaction begins only when the
 * callback first needs the database, so a call whose reads are all cache hits takes no connection
 * at all. Reads before that point (nothing has run in the transaction yet, so they see exactly
 * what a read outside it would) go through the cache; once the transaction has begun, everything
 * goes to it. Writes invalidate after COMMIT, never inside the transaction (a reader could refill
 * an entry from the state about to change), and also after a failure, which may hide a COMMIT the
 * server applied. Commit, rollback and errors are those of `run`.
 * @internal
 */
export async function cachedTransaction<T>(
  cache: PlanCache,
  keys: CacheKeys,
  methodNames: readonly (keyof PlanRepository)[],
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
  const inTransaction = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (...args: unknown[]) =>
        ((await begin()).plans[name] as (...a: unknown[]) => Promise<unknown>)(...args),
    ]),
  ) as unknown as PlanRepository;
  const cached = cachedReads(inTransaction, cache, keys);
  const changed: InvalidationTargets[] = [];
  const plans: PlanRepository = {
    ...inTransaction,
    ...invalidatingWrites(inTransaction, (targets) => void changed.push(targets)),
    get: (id) => (begun ? inTransaction.get(id) : cached.get(id)),
    listByWallet: (wallet, options) =>
      begun ? inTransaction.listByWallet(wallet, options) : cached.listByWallet(wallet, options),
  };

  try {
    let value: T;
    try {
      value = await fn({ plans });
    } catch (err) {
      if (!begun) throw toStoreError(err);
      begun.settle({ ok: false, error: err });
      await begun.finished; // rolls back and rejects with the transaction's own error
      throw toStoreError(err);
    }
    if (begun) {
      begun.settle({ ok: true });
      await begun.finished; // commits
    }
    return value;
  } finally {
    if (changed.length > 0) {
      await cache.invalidate({
        planIds: changed.flatMap((targets) => targets.planIds ?? []),
        wallets: changed.flatMap((targets) => targets.wallets ?? []),
      });
    }
  }
}
