import { PlanStoreError, type PlanStoreErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../limits';
import type { Plan } from '../plans/plan';
import type { ListOptions, PlanPage, PlanRepository } from '../plans/plan-repository';
import type { Repositories } from '../repositories';
import { pageSchema } from '../sharing/share-input';
import type { ShareRepository } from '../sharing/share-repository';
import { listOptionsSchema, schemas } from '../validation';
import { pageCodec, planCodec, sharedPageCodec } from './cache-codec';
import type { CacheKeys, WalletView } from './cache-keys';
import type { GranteeLookup, WriteTargets } from './grantee-lookup';
import type { PlanCache } from './plan-cache';

type ReadMethod = 'get' | 'listByWallet' | 'listByStatus' | 'recent';
type WriteMethod = Exclude<keyof PlanRepository, ReadMethod>;

/** What a write's call and outcome (its result, or `undefined` when it failed) invalidate. */
type TargetsOf = {
  [M in WriteMethod]: (
    args: Parameters<PlanRepository[M]>,
    result: Awaited<ReturnType<PlanRepository[M]>> | undefined,
    before: Plan | undefined,
  ) => WriteTargets;
};

const wallets = (...candidates: Array<string | undefined>) =>
  candidates.flatMap((wallet) => {
    const parsed = wallet === undefined ? undefined : schemas.wallet.safeParse(wallet);
    return parsed?.success ? [parsed.data] : [];
  });

// Every write method must say what it invalidates: a new one fails to compile until it does.
// A plan's change also shows in the shared view of each of its active grantees (`granteesOf`).
const TARGETS: TargetsOf = {
  create: ([input], plan) => ({ wallets: wallets(plan?.userWallet ?? input.userWallet) }),
  confirm: ([id, options], plan) => ({
    planIds: [id],
    granteesOf: [id],
    wallets: wallets(plan?.userWallet ?? options?.userWallet),
  }),
  cancel: ([id, options], plan) => ({
    planIds: [id],
    granteesOf: [id],
    wallets: wallets(plan?.userWallet ?? options?.userWallet),
  }),
  update: ([id], plan, before) => ({
    planIds: [id],
    granteesOf: [id],
    wallets: wallets(plan?.userWallet ?? before?.userWallet),
  }),
  updatePlanData: ([id], plan) => ({ planIds: [id], granteesOf: [id], wallets: wallets(plan?.userWallet) }),
  delete: ([id], _deleted, before) => ({
    planIds: [id],
    granteesOf: [id],
    wallets: wallets(before?.userWallet),
  }),
};

// Write methods that need the plan as it was, because their result may not name its owner (a
// delete returns a boolean; a failed edit by an editor names only the editor).
const READS_BEFORE: ReadonlySet<WriteMethod> = new Set(['delete', 'update']);

// These failures mean the database refused the write: nothing changed, nothing to invalidate.
// Any other failure (connection lost around COMMIT, timeout) may hide a committed write.
const NOTHING_WRITTEN: ReadonlySet<PlanStoreErrorCode> = new Set([
  'PLAN_VALIDATION',
  'PLAN_NOT_FOUND',
  'PLAN_OWNERSHIP',
  'PLAN_TRANSITION',
  'PLAN_VERSION_CONFLICT',
  'SHARE_NOT_FOUND',
]);

type Recorder = (targets: WriteTargets) => void | Promise<void>;

/** Runs a write and records what it changed, also when it failed in a way that may hide a commit. */
async function recorded<R>(
  write: () => Promise<R>,
  targetsOf: (result: R | undefined) => WriteTargets,
  record: Recorder,
) {
  let result: R;
  try {
    result = await write();
  } catch (err) {
    if (!(err instanceof PlanStoreError && NOTHING_WRITTEN.has(err.code))) await record(targetsOf(undefined));
    throw err;
  }
  await record(targetsOf(result));
  return result;
}

/**
 * Wraps the write methods of `inner`: after each one (committed, or failed in a way that may hide
 * a commit) `record` receives what it changed. Reads are left to the caller.
 * @internal
 */
export function invalidatingWrites(
  inner: PlanRepository,
  record: Recorder,
  lookup: GranteeLookup,
): Pick<PlanRepository, WriteMethod> {
  const wrapped = {} as Record<WriteMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(TARGETS) as WriteMethod[]) {
    const call = inner[name] as (...args: unknown[]) => Promise<unknown>;
    const targetsOf = TARGETS[name] as (
      args: unknown[],
      result: unknown,
      before: Plan | undefined,
    ) => WriteTargets;
    wrapped[name] = async (...args) => {
      const before = READS_BEFORE.has(name)
        ? await inner.get(args[0] as string).catch(() => undefined)
        : undefined;
      // A delete takes the plan's grants with it: its grantees are named before it runs.
      const granteesBefore =
        name === 'delete' ? await lookup({ granteesOf: [args[0] as string] }) : undefined;
      return recorded(
        () => call(...args),
        (result) => {
          const targets = targetsOf(args, result, before);
          return granteesBefore
            ? {
                ...targets,
                wallets: [...(targets.wallets ?? []), ...(granteesBefore.wallets ?? [])],
                ...(granteesBefore.everything ? { everything: true } : {}),
              }
            : targets;
        },
        record,
      );
    };
  }
  return wrapped as unknown as Pick<PlanRepository, WriteMethod>;
}

/**
 * Wraps grants and revocations: each changes what its grantee sees shared (and the plan's access),
 * so the grantee's views and the plan are invalidated after it.
 * @internal
 */
export function invalidatingShares(
  inner: ShareRepository,
  record: Recorder,
): Pick<ShareRepository, 'share' | 'unshare'> {
  const targetsOf = (input: { planId: string; granteeWallet: string }) => ({
    planIds: schemas.planId.safeParse(input.planId).success ? [input.planId] : [],
    wallets: wallets(input.granteeWallet),
  });
  return {
    share: (input) =>
      recorded(
        () => inner.share(input),
        () => targetsOf(input),
        record,
      ),
    unshare: (input) =>
      recorded(
        () => inner.unshare(input),
        () => targetsOf(input),
        record,
      ),
  };
}

/** The first page of "shared with me", answered from Redis when current. @internal */
export function cachedSharedWith(
  load: ShareRepository,
  cache: PlanCache,
  keys: CacheKeys,
): Pick<ShareRepository, 'listSharedWith'> {
  return {
    async listSharedWith(wallet, options) {
      const grantee = schemas.wallet.safeParse(wallet);
      const page = pageSchema.safeParse(options ?? {});
      if (!grantee.success || !page.success || page.data.cursor !== undefined)
        return load.listSharedWith(wallet, options);
      const variant = `${page.data.limit ?? DEFAULT_PAGE_SIZE}`;
      const shared = await cache.readThrough(
        keys.wallet(grantee.data, 'shared', variant),
        sharedPageCodec,
        () => load.listSharedWith(wallet, options),
      );
      return shared!;
    },
  };
}

/** The cache key variant of a first page, or `undefined` when the call is not a first page (or is invalid). */
function firstPageVariant(options: ListOptions | undefined): string | undefined {
  const parsed = listOptionsSchema.safeParse(options ?? {});
  if (!parsed.success || parsed.data.cursor !== undefined) return undefined;
  return `${parsed.data.status ?? 'all'}:${parsed.data.limit ?? DEFAULT_PAGE_SIZE}`;
}

/** The methods answered from the cache. */
export type CachedReadMethod = 'get' | 'listByWallet';

/**
 * `get` and the first pages of a wallet's listings, answered from Redis when current and
 * otherwise by `load` (whose answer then fills Redis). Calls that are not cacheable (later pages,
 * invalid input) go to `load` directly, so its errors reach the caller unchanged.
 * @internal
 */
export function cachedReads(
  load: PlanRepository,
  cache: PlanCache,
  keys: CacheKeys,
): Pick<PlanRepository, CachedReadMethod> {
  // One wallet listing: its first page is cached under the wallet's version, which every write
  // that changes what the wallet sees deletes. Each cached listing is one line below.
  function firstPage<O extends ListOptions>(
    view: WalletView,
    list: (wallet: string, options?: O) => Promise<PlanPage>,
  ): (wallet: string, options?: O) => Promise<PlanPage> {
    return async (wallet, options) => {
      const owner = schemas.wallet.safeParse(wallet);
      const variant = firstPageVariant(options);
      if (!owner.success || variant === undefined) return list(wallet, options);
      const page = await cache.readThrough(keys.wallet(owner.data, view, variant), pageCodec, () =>
        list(wallet, options),
      );
      return page!;
    };
  }

  return {
    // The cache holds the plan row, never an access decision: the owner is checked against the
    // cached row, and anyone else (a grantee, or a wallet about to be refused) is asked of the
    // database, so a revoked grant is never served from the cache.
    async get(id, options) {
      if (!schemas.planId.safeParse(id).success) return load.get(id, options);
      const acting =
        options?.userWallet === undefined ? undefined : schemas.wallet.safeParse(options.userWallet);
      if (acting && !acting.success) return load.get(id, options);
      const plan = await cache.readThrough(keys.plan(id), planCodec, () => load.get(id));
      if (!plan || !acting || plan.userWallet === acting.data) return plan;
      return load.get(id, options);
    },
    listByWallet: firstPage('own', (wallet, options) => load.listByWallet(wallet, options)),
  };
}

/**
 * The pool-level repositories with the cache: cached reads, and writes that invalidate once they
 * returned (each runs in its own implicit transaction, so that is after commit).
 * @internal
 */
export function withCache(
  inner: Repositories,
  cache: PlanCache,
  keys: CacheKeys,
  lookup: GranteeLookup,
): Repositories {
  const record: Recorder = async (targets) => cache.invalidate(await lookup(targets));
  return {
    ...inner,
    plans: {
      ...inner.plans,
      ...invalidatingWrites(inner.plans, record, lookup),
      ...cachedReads(inner.plans, cache, keys),
    },
    shares: {
      ...inner.shares,
      ...invalidatingShares(inner.shares, record),
      ...cachedSharedWith(inner.shares, cache, keys),
    },
  };
}
