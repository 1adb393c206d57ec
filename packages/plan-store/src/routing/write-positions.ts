import type { RunSql } from '../plans/sql-executor';
import { parseLsn } from './lsn';

/**
 * Where each wallet's last write reached in the primary's WAL, shared by every instance that uses
 * the same primary: the `wallet_write_positions` table. @internal
 */
export interface WritePositions {
  /** Records the primary's current WAL insert position for `wallets`; call after their writes committed. */
  record(wallets: readonly string[]): Promise<void>;
  /** The position recorded for `wallet`, or `undefined` if it never wrote. */
  of(wallet: string): Promise<bigint | undefined>;
}

// The insert position read after the commit returned lies past the commit record, so a replica
// that replayed up to it shows the write. `greatest` keeps the newest of two racing writers.
const RECORD = `insert into wallet_write_positions (user_wallet, lsn)
  select unnest($1::varchar[]), pg_current_wal_insert_lsn()
  on conflict (user_wallet) do update
  set lsn = greatest(wallet_write_positions.lsn, excluded.lsn), updated_at = current_timestamp`;

const POSITION_OF = 'select lsn::text as lsn from wallet_write_positions where user_wallet = $1';

/** Positions kept on the primary, reached through `primary`. @internal */
export function primaryWritePositions(primary: RunSql): WritePositions {
  return {
    async record(wallets) {
      const distinct = [...new Set(wallets)].sort(); // one lock order for concurrent writers
      if (distinct.length > 0) await primary(RECORD, [distinct]);
    },
    async of(wallet) {
      const [row] = await primary<{ lsn: string }>(POSITION_OF, [wallet]);
      return row ? parseLsn(row.lsn) : undefined;
    },
  };
}
