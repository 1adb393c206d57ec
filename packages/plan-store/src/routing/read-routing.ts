import { StoreUnavailableError } from '../errors';
import type { RunSql } from '../plans/sql-executor';
import { toStoreError } from '../to-store-error';
import { parseLsn } from './lsn';
import type { Replica } from './replica';
import type { WritePositions } from './write-positions';

/** A read: statements run through the `sql` it is given, on the primary or on a replica. */
export type Read<T> = (sql: RunSql) => Promise<T>;

/** How many reads each side served, for `store.readStats()`. */
export interface ReadStats {
  primary: number;
  replica: number;
}

/**
 * Where reads run and what writes leave behind, so that a wallet always reads its own
 * acknowledged writes. Every read of the store goes through one of the three entry points; later
 * reads (shared lists, analytics) pick the one that fits. @internal
 */
export interface ReadRouting {
  /** A read of one wallet's data: on a replica that has replayed that wallet's last write, else on the primary. */
  forWallet<T>(wallet: string, read: Read<T>): Promise<T>;
  /**
   * A read whose wallet shows only in its result (a plan by id): on a replica, then once more on
   * the primary when `ownerOf(result)` is unknown or wrote later than that replica had replayed.
   */
  byOwner<T>(read: Read<T>, ownerOf: (result: T) => string | undefined): Promise<T>;
  /** A read across wallets: on a replica that has replayed everything the primary had when it began. */
  latest<T>(read: Read<T>): Promise<T>;
  /** Records that `wallets` wrote; called once their writes committed, before the caller hears of it. */
  wrote(wallets: readonly string[]): Promise<void>;
  stats(): ReadStats;
}

/** Everything on one connection or pool: no replicas, or inside a transaction. @internal */
export function primaryOnly(
  sql: RunSql,
  onWrite: (wallets: readonly string[]) => void = () => {},
): ReadRouting {
  let primary = 0;
  const run = <T>(read: Read<T>) => {
    primary++;
    return read(sql);
  };
  return {
    forWallet: (_wallet, read) => run(read),
    byOwner: (read) => run(read),
    latest: (read) => run(read),
    async wrote(wallets) {
      onWrite(wallets);
    },
    stats: () => ({ primary, replica: 0 }),
  };
}

const CURRENT_POSITION = 'select pg_current_wal_insert_lsn()::text as lsn';

/**
 * Reads on streaming replicas with read-your-writes per wallet: each write records the primary's
 * WAL position for its wallet ({@link WritePositions}, shared by every instance), and a replica
 * serves a wallet only once it has replayed past that position. A replica that lags is skipped
 * for the wallets it has not caught up with; one that fails is skipped for a while; either way
 * the primary answers. Each replica's position is compared on its own (a pin is not released
 * because some other replica caught up). @internal
 */
export function replicaRouting(
  primary: RunSql,
  replicas: readonly Replica[],
  positions: WritePositions,
): ReadRouting {
  const counts: ReadStats = { primary: 0, replica: 0 };
  let next = 0;

  /** A replica that has replayed `needed` (any live one when undefined), asking them again if none is known to. */
  async function pick(needed: bigint | undefined): Promise<Replica | undefined> {
    const start = next++ % replicas.length;
    const order = replicas.map((_, i) => replicas[(start + i) % replicas.length]!);
    const caughtUp = (r: Replica) =>
      r.isUp() && r.replayed !== undefined && (needed === undefined || r.replayed >= needed);
    const known = order.find(caughtUp);
    if (known) return known;
    await Promise.all(order.filter((r) => r.isUp()).map((r) => r.refresh()));
    return order.find(caughtUp);
  }

  function onPrimary<T>(read: Read<T>): Promise<T> {
    counts.primary++;
    return read(primary);
  }

  /** Runs `read` on `replica`; if the replica fails, marks it down and lets the primary answer. */
  async function onReplica<T>(
    replica: Replica,
    read: Read<T>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      const value = await read(replica.run);
      return { ok: true, value };
    } catch (err) {
      // Any failure there is retried on the primary; only connection trouble benches the replica.
      if (toStoreError(err) instanceof StoreUnavailableError) replica.markDown();
      return { ok: false };
    }
  }

  async function atLeast<T>(needed: bigint | undefined, read: Read<T>): Promise<T> {
    const replica = await pick(needed);
    if (replica) {
      const result = await onReplica(replica, read);
      if (result.ok) {
        counts.replica++;
        return result.value;
      }
    }
    return onPrimary(read);
  }

  return {
    async forWallet(wallet, read) {
      return atLeast(await positions.of(wallet), read);
    },

    async byOwner(read, ownerOf) {
      const replica = await pick(undefined);
      // What the replica had replayed before the read began: its snapshot shows at least this much.
      const replayed = replica?.replayed;
      if (replica && replayed !== undefined) {
        const result = await onReplica(replica, read);
        if (result.ok) {
          const owner = ownerOf(result.value);
          const written = owner === undefined ? undefined : await positions.of(owner);
          if (owner !== undefined && (written === undefined || written <= replayed)) {
            counts.replica++;
            return result.value;
          }
          // Learn how far the replica got meanwhile, so the next read of this owner can use it.
          if (written !== undefined) void replica.refresh();
        }
      }
      return onPrimary(read);
    },

    async latest(read) {
      const [row] = await primary<{ lsn: string }>(CURRENT_POSITION, []);
      return atLeast(parseLsn(row!.lsn), read);
    },

    wrote: (wallets) => positions.record(wallets),
    stats: () => ({ ...counts }),
  };
}
