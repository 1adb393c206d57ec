import type { Knex } from 'knex';
import { pooledRunner, type RunSql } from '../plans/sql-executor';
import { parseLsn } from './lsn';

/** One streaming replica: its pool and what it is known to have replayed. @internal */
export interface Replica {
  readonly run: RunSql;
  /** The last replay position seen; the replica has replayed at least this much. */
  readonly replayed: bigint | undefined;
  /** False for a while after the replica failed to answer. */
  isUp(): boolean;
  /** Skips the replica for `downForMs` (it failed a read). */
  markDown(): void;
  /** Asks the replica how far it has replayed; concurrent callers share one question. */
  refresh(): Promise<bigint | undefined>;
}

const REPLAYED = 'select pg_last_wal_replay_lsn()::text as lsn';

/** @internal */
export function createReplica(knex: Knex, { downForMs }: { downForMs: number }): Replica {
  const run = pooledRunner(knex);
  let replayed: bigint | undefined;
  let downUntil = 0;
  let pending: Promise<bigint | undefined> | undefined;

  const replica: Replica = {
    run,
    get replayed() {
      return replayed;
    },
    isUp: () => performance.now() >= downUntil,
    markDown() {
      downUntil = performance.now() + downForMs;
    },
    refresh() {
      pending ??= run<{ lsn: string | null }>(REPLAYED, [])
        .then(([row]) => {
          // null: not (or no longer) a standby, e.g. promoted; it cannot prove what it replayed.
          if (row?.lsn == null) {
            replica.markDown();
            return undefined;
          }
          const lsn = parseLsn(row.lsn);
          if (replayed === undefined || lsn > replayed) replayed = lsn;
          return replayed;
        })
        .catch(() => {
          // A replica that cannot answer is skipped, never an error for the caller.
          replica.markDown();
          return undefined;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
  return replica;
}
