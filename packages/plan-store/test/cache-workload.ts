// A mixed read/write workload on a few hot wallets that checks every read against the writes
// acknowledged before it began. A read is stale when it misses a plan created before it, shows
// a plan deleted before it, or shows a revision or status older than one already acknowledged.
// Each owner shares its plans with one grantee now and then: the grantee's "shared with me" and
// its reads of a plan must follow the acknowledged grants and revocations as well.
// Writes to one plan are serialized (the last acknowledged write is then the newest state).
import { randomBytes } from 'node:crypto';
import { type Plan, PlanOwnershipError, type PlanStore } from '@travel-planner/plan-store';
import { planInput } from './helpers';

const STATUS_RANK = { generated: 0, confirmed: 1, cancelled: 2 } as const;

/** What the writes acknowledged so far say about one plan. */
interface Acked {
  id: string;
  rev: number;
  rank: number;
  /** The version an edit must name. */
  version: number;
  /** Whether the owner's grantee holds an active grant, as last acknowledged. */
  shared: boolean;
  /** Grants and revocations sent and acknowledged: a read is judged only if none was in flight. */
  shareSends: number;
  shareAcks: number;
  deleted: boolean;
  /** A delete was sent: from then on the plan may legitimately be gone before it is acknowledged. */
  deleting: boolean;
}

export interface WorkloadOptions {
  /** Each operation goes to one of these at random (e.g. two stores sharing one Redis). */
  stores: readonly PlanStore[];
  workers: number;
  durationMs: number;
  hotWallets: number;
  /** Share of operations that are writes, 0–1. */
  writeShare: number;
}

export interface WorkloadResult {
  reads: number;
  writes: number;
  /** Reads that returned data older than a write acknowledged before they began (first few kept). */
  stale: number;
  staleSamples: string[];
  /** Operations that threw. */
  failures: number;
  failureSamples: string[];
}

const randomWallet = () => `0x${randomBytes(20).toString('hex')}`;
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const snapshot = (plans: Iterable<Acked>) => [...plans].map((plan) => ({ ...plan }));
const fresh = (plan: Plan): Acked => ({
  id: plan.id,
  rev: 0,
  rank: 0,
  version: plan.version,
  shared: false,
  shareSends: 0,
  shareAcks: 0,
  deleted: false,
  deleting: false,
});

/** Whether the grant the grantee holds on a plan is known for the whole of a read. */
const settled = (floor: Acked, current: Acked) =>
  floor.shareAcks === floor.shareSends && current.shareSends === floor.shareSends;

function behind(found: Plan | undefined, acked: Acked, current: Acked): string | undefined {
  if (acked.deleted) return found ? `deleted plan ${acked.id} still shown` : undefined;
  if (!found) return current.deleting ? undefined : `plan ${acked.id} missing`;
  const rev = Number(found.planData.rev ?? 0);
  if (rev < acked.rev) return `plan ${acked.id} at rev ${rev}, acknowledged ${acked.rev}`;
  if (STATUS_RANK[found.status] < acked.rank)
    return `plan ${acked.id} ${found.status}, acknowledged rank ${acked.rank}`;
  return undefined;
}

/** Runs the workload; `during` runs alongside it (e.g. to kill Redis) and is awaited too. */
export async function runCacheWorkload(
  options: WorkloadOptions,
  during?: () => Promise<void>,
): Promise<WorkloadResult> {
  const result: WorkloadResult = {
    reads: 0,
    writes: 0,
    stale: 0,
    staleSamples: [],
    failures: 0,
    failureSamples: [],
  };
  const wallets = new Map<string, Map<string, Acked>>();
  const granteeOf = new Map<string, string>();
  const locks = new Map<string, Promise<unknown>>();

  // One writer per plan at a time; readers never wait.
  function serialized<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const run = (locks.get(id) ?? Promise.resolve()).then(fn, fn);
    locks.set(
      id,
      run.catch(() => {}),
    );
    return run;
  }

  const store = () => pick(options.stores);
  for (let i = 0; i < options.hotWallets; i++) {
    const wallet = randomWallet();
    const plans = new Map<string, Acked>();
    for (let j = 0; j < 3; j++) {
      const plan = await options.stores[0]!.plans.create(
        planInput({ userWallet: wallet, planData: { rev: 0 } }),
      );
      plans.set(plan.id, fresh(plan));
    }
    wallets.set(wallet, plans);
    granteeOf.set(wallet, randomWallet());
  }

  // The grantee's two reads: "shared with me", and one plan as the grantee.
  async function readAsGrantee(grantee: string, plans: Map<string, Acked>) {
    if (Math.random() < 0.5) {
      const acked = pick([...plans.values()]);
      const floor = { ...acked };
      const found = await store()
        .plans.get(acked.id, { userWallet: grantee })
        .catch((err: unknown) => {
          if (err instanceof PlanOwnershipError) return 'refused' as const;
          throw err;
        });
      if (!settled(floor, acked) || floor.deleting || acked.deleting) return undefined;
      if (found === 'refused')
        return floor.shared ? `grantee refused plan ${acked.id} shared with it` : undefined;
      if (found && !floor.shared) return `grantee read plan ${acked.id} after its revocation`;
      return floor.shared ? behind(found, floor, acked) : undefined;
    }
    const floor = snapshot(plans.values());
    const page = await store().shares.listSharedWith(grantee, { limit: 100 });
    const byId = new Map(page.plans.map((shared) => [shared.plan.id, shared.plan]));
    for (const acked of floor) {
      const current = plans.get(acked.id)!;
      if (!settled(acked, current)) continue;
      if (!acked.shared) {
        if (byId.has(acked.id)) return `shared list: plan ${acked.id} shown after its revocation`;
        continue;
      }
      const problem = behind(byId.get(acked.id), acked, current);
      if (problem) return `shared list: ${problem}`;
    }
    return undefined;
  }

  async function read(wallet: string, plans: Map<string, Acked>) {
    if (Math.random() < 0.3) return readAsGrantee(granteeOf.get(wallet)!, plans);
    if (Math.random() < 0.5) {
      const acked = pick([...plans.values()]);
      const floor = { ...acked };
      const found = await store().plans.get(acked.id);
      return behind(found, floor, acked);
    }
    const floor = snapshot(plans.values());
    const page = await store().plans.listByWallet(wallet, { limit: 100 });
    const byId = new Map(page.plans.map((plan) => [plan.id, plan]));
    for (const acked of floor) {
      const problem = behind(byId.get(acked.id), acked, plans.get(acked.id)!);
      if (problem) return `list: ${problem}`;
    }
    return undefined;
  }

  async function write(wallet: string, plans: Map<string, Acked>) {
    const live = [...plans.values()].filter((plan) => !plan.deleted);
    if (live.length < 6 && Math.random() < 0.2) {
      const plan = await store().plans.create(planInput({ userWallet: wallet, planData: { rev: 0 } }));
      plans.set(plan.id, fresh(plan));
      return;
    }
    const target = pick(live);
    await serialized(target.id, async () => {
      if (target.deleted) return;
      const choice = Math.random();
      if (choice < 0.1 && live.length > 3) {
        target.deleting = true;
        await store().plans.delete(target.id);
        target.deleted = true;
      } else if (choice < 0.2 && target.rank === 0) {
        target.version = (await store().plans.confirm(target.id, { userWallet: wallet })).version;
        target.rank = 1;
      } else if (choice < 0.25 && target.rank < 2) {
        target.version = (await store().plans.cancel(target.id)).version;
        target.rank = 2;
      } else if (choice < 0.45) {
        const change = { planId: target.id, userWallet: wallet, granteeWallet: granteeOf.get(wallet)! };
        target.shareSends += 1;
        if (target.shared) await store().shares.unshare(change);
        else await store().shares.share({ ...change, role: 'editor' });
        target.shared = !target.shared;
        target.shareAcks += 1;
      } else if (choice < 0.7 && target.rank < 2) {
        const edit = {
          userWallet: wallet,
          expectedVersion: target.version,
          planData: { rev: target.rev + 1 },
        };
        target.version = (await store().plans.update(target.id, edit)).version;
        target.rev += 1;
      } else {
        target.version = (await store().plans.updatePlanData(target.id, { rev: target.rev + 1 })).version;
        target.rev += 1;
      }
    });
  }

  const end = performance.now() + options.durationMs;
  async function worker() {
    while (performance.now() < end) {
      const [wallet, plans] = pick([...wallets.entries()]);
      const writing = Math.random() < options.writeShare;
      try {
        if (writing) {
          result.writes += 1;
          await write(wallet, plans);
        } else {
          result.reads += 1;
          const problem = await read(wallet, plans);
          if (problem) {
            result.stale += 1;
            if (result.staleSamples.length < 5) result.staleSamples.push(problem);
          }
        }
      } catch (err) {
        result.failures += 1;
        if (result.failureSamples.length < 5) result.failureSamples.push(String(err));
      }
    }
  }

  await Promise.all([...Array.from({ length: options.workers }, worker), during?.()]);
  return result;
}
