// Row locks held from a connection outside the services: a realistic way to make calls slow,
// since every status change of a locked plan waits for the lock like it would behind a long
// transaction of another writer.
import pg from 'pg';

/** Locks held until {@link RowLock.release}. */
export interface RowLock {
  /** Commits the locking transaction; returns `Date.now()` after the commit. */
  release(): Promise<number>;
}

/** Takes `SELECT … FOR UPDATE` locks on the plans `planIds` in the database at `adminUrl`. */
export async function lockPlans(adminUrl: string, planIds: readonly string[]): Promise<RowLock> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'fault-suite-lock' });
  client.on('error', () => {});
  await client.connect();
  await client.query('begin');
  const { rowCount } = await client.query('select id from plans where id = any($1::uuid[]) for update', [
    planIds,
  ]);
  if (rowCount !== planIds.length) throw new Error(`locked ${rowCount} of ${planIds.length} plans`);
  return {
    async release() {
      await client.query('commit');
      const at = Date.now();
      await client.end();
      return at;
    },
  };
}
