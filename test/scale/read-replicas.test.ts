// Reads on a streaming replica with read-your-writes per wallet, across two store instances that
// share the primary and the replica: what one instance acknowledged, the other reads back, also
// while the replica lags (replay paused) or is gone; the replica serves the rest.
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresNode, startPrimary, startReplica } from '../../scripts/postgres-node';

const DATABASE = 'travel_planner';
const quiet = { warn() {} };
const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const planInput = (userWallet: string, destination: string) => ({
  userWallet,
  destination,
  budget: 1000,
  planData: { grand_total: 900 },
});

describe('read replicas with read-your-writes', () => {
  let primary: PostgresNode;
  let replica: PostgresNode;
  let writer: PlanStore;
  let reader: PlanStore;

  beforeAll(async () => {
    primary = await startPrimary();
    await primary.query(`create database ${DATABASE}`);
    const migrator = createPlanStore({ databaseUrl: primary.url(DATABASE), logger: quiet });
    await migrator.migrate.latest();
    await migrator.close();
    replica = await startReplica(primary);
    const instance = () =>
      createPlanStore({
        databaseUrl: primary.url(DATABASE),
        readUrls: [replica.url(DATABASE)],
        pool: { size: 0, maxOverflow: 8 },
        logger: quiet,
      });
    writer = instance();
    reader = instance();
  });

  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    await replica?.remove();
    await primary?.remove();
  });

  const replicaShare = (store: PlanStore) => {
    const { primary: p, replica: r } = store.readStats();
    return r / (p + r);
  };

  it('reads through one instance what the other just wrote, and serves settled wallets from the replica', async () => {
    const owner = wallet(1);
    const created = await writer.plans.create(planInput(owner, 'Oslo'));
    expect((await reader.plans.get(created.id))?.destination).toBe('Oslo');
    expect((await reader.plans.listByWallet(owner)).plans.map((p) => p.id)).toEqual([created.id]);
    const confirmed = await writer.plans.confirm(created.id);
    expect((await reader.plans.get(created.id))?.status).toBe(confirmed.status);

    // Once the replica has replayed the writes, it answers.
    const before = reader.readStats().replica;
    for (let i = 0; i < 20; i++) {
      expect((await reader.plans.listByWallet(owner)).plans[0]?.status).toBe('confirmed');
      expect((await reader.plans.get(created.id))?.status).toBe('confirmed');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(reader.readStats().replica - before).toBeGreaterThan(30);
    expect((await reader.plans.listByStatus('confirmed')).plans.map((p) => p.id)).toContain(created.id);
  });

  it('skips a replica whose replay is paused for the wallets it has not caught up with', async () => {
    const settled = wallet(2);
    const settledPlan = await writer.plans.create(planInput(settled, 'Rome'));
    await waitForReplica(reader, () => reader.plans.get(settledPlan.id));

    await replica.query('select pg_wal_replay_pause()');
    try {
      const active = wallet(3);
      const fresh = await writer.plans.create(planInput(active, 'Lima'));
      const stats = reader.readStats();
      expect((await reader.plans.get(fresh.id))?.destination).toBe('Lima');
      expect((await reader.plans.listByWallet(active)).plans.map((p) => p.id)).toEqual([fresh.id]);
      expect(reader.readStats().primary - stats.primary).toBe(2);

      // The paused replica still holds everything of the wallet that wrote before the pause.
      expect((await reader.plans.listByWallet(settled)).plans.map((p) => p.id)).toEqual([settledPlan.id]);
      expect(reader.readStats().replica - stats.replica).toBe(1);
    } finally {
      await replica.query('select pg_wal_replay_resume()');
    }
  });

  it('serves 10,000 write-then-read operations over 8 wallets and both instances with no stale read', async () => {
    const WALLETS = 8;
    const OPERATIONS = 10_000;
    const stores = [writer, reader];
    const statsBefore = stores.map((s) => s.readStats());
    // Per wallet: its plan ids newest first, and the status each was last acknowledged with.
    const expected = Array.from({ length: WALLETS }, () => ({
      ids: [] as string[],
      status: new Map<string, string>(),
    }));
    let stale = 0;
    let reads = 0;
    let writes = 0;
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };

    await Promise.all(
      expected.map(async (mine, w) => {
        const owner = wallet(100 + w);
        for (let op = 0; op < OPERATIONS / WALLETS; op++) {
          const through = stores[Math.floor(random() * 2)]!;
          if (mine.ids.length === 0 || random() < 0.1) {
            writes++;
            const target = mine.ids[0];
            if (target && mine.status.get(target) === 'generated' && random() < 0.5) {
              mine.status.set(target, (await through.plans.confirm(target)).status);
            } else {
              const plan = await through.plans.create(planInput(owner, `City ${op}`));
              mine.ids.unshift(plan.id);
              mine.status.set(plan.id, plan.status);
            }
            continue;
          }
          reads++;
          if (random() < 0.5) {
            const page = await through.plans.listByWallet(owner, { limit: 5 });
            const seen = page.plans.map((p) => `${p.id}:${p.status}`);
            const want = mine.ids.slice(0, 5).map((id) => `${id}:${mine.status.get(id)}`);
            if (seen.join() !== want.join()) stale++;
          } else {
            const id = mine.ids[Math.floor(random() * Math.min(3, mine.ids.length))]!;
            if ((await through.plans.get(id))?.status !== mine.status.get(id)) stale++;
          }
        }
      }),
    );

    const served = stores.map((s, i) => ({
      primary: s.readStats().primary - statsBefore[i]!.primary,
      replica: s.readStats().replica - statsBefore[i]!.replica,
    }));
    const replicaReads = served.reduce((n, s) => n + s.replica, 0);
    const share = replicaReads / reads;
    console.log(
      `read replicas: ${writes} writes, ${reads} reads, ${stale} stale; the replica served ${(share * 100).toFixed(1)}% of reads`,
    );
    expect(writes + reads).toBe(OPERATIONS);
    expect(stale).toBe(0);
    expect(share).toBeGreaterThanOrEqual(0.7);
  });

  it('answers from the primary when the replica is gone, without an error', async () => {
    const owner = wallet(4);
    const plan = await writer.plans.create(planInput(owner, 'Kyiv'));
    await waitForReplica(reader, () => reader.plans.get(plan.id));
    await replica.kill();
    expect((await reader.plans.get(plan.id))?.destination).toBe('Kyiv');
    expect((await reader.plans.listByWallet(owner)).plans).toHaveLength(1);
    expect(replicaShare(reader)).toBeLessThan(1);
    const stats = reader.readStats();
    expect((await reader.plans.recent(5)).map((p) => p.id)).toContain(plan.id);
    expect(reader.readStats().primary - stats.primary).toBe(1);
  });
});

/** Repeats `read` until the replica answered it (the replica has caught up). */
async function waitForReplica(store: PlanStore, read: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const before = store.readStats().replica;
    await read();
    if (store.readStats().replica > before) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the replica never caught up');
}
