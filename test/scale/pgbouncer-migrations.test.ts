// Migrations through a PgBouncer in transaction mode: the session advisory lock that serializes
// migration runners must be taken on DATABASE_DIRECT_URL, or it stays on a pooled server
// connection after the run and every later runner waits for it forever.
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgBouncer, startPgBouncer } from '../../scripts/pgbouncer';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support';

const quiet = { warn() {} };

/** Advisory locks held or awaited in `database`. */
async function advisoryLocks(database: string): Promise<number> {
  const { rows } = await adminQuery<{ n: number }>(
    `select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
      where l.locktype = 'advisory' and d.datname = $1`,
    [database],
  );
  return rows[0]!.n;
}

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe('migrations behind PgBouncer', () => {
  let bouncer: PgBouncer;
  let db: TestDatabase;
  const stores: PlanStore[] = [];
  const store = (directUrl?: string) => {
    const created = createPlanStore({
      databaseUrl: bouncer.urlFor(db.url),
      ...(directUrl ? { directUrl } : {}),
      pool: { size: 0, maxOverflow: 4 },
      logger: quiet,
    });
    stores.push(created);
    return created;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    bouncer = await startPgBouncer({ serverUrl: db.adminUrl, poolSize: 4 });
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    await bouncer?.stop();
    await db?.drop();
  });

  it('migrate on the direct URL leaves no lock behind, so the next runners finish', async () => {
    const first = store(db.url);
    expect(
      (await within(20_000, 'the first migration', first.migrate.latest())).migrations.length,
    ).toBeGreaterThan(0);
    await first.close();
    expect(await advisoryLocks(db.name)).toBe(0);

    // A restart and two more instances starting together: all find nothing to do.
    const again = await within(
      10_000,
      'the later migrations',
      Promise.all([
        store(db.url).migrate.latest(),
        store(db.url).migrate.latest(),
        store(db.url).migrate.latest(),
      ]),
    );
    expect(again.map((batch) => batch.migrations)).toEqual([[], [], []]);
    expect(await advisoryLocks(db.name)).toBe(0);

    // And the store works through PgBouncer.
    const live = store(db.url);
    const created = await live.plans.create({
      userWallet: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
      destination: 'Lisbon',
      budget: 900,
      planData: {},
    });
    expect((await live.plans.get(created.id))?.destination).toBe('Lisbon');
  });

  it('without a direct URL the lock outlives the run on a pooled server connection (why it exists)', async () => {
    const pooledOnly = store();
    await within(10_000, 'a migration through PgBouncer', pooledOnly.migrate.latest());
    await pooledOnly.close();
    // The client session ended, but PgBouncer kept the server connection and with it the lock.
    expect(await advisoryLocks(db.name)).toBe(1);
  });
});
