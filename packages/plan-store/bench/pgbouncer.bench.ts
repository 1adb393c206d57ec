// PgBouncer (transaction pooling) against direct connections, in the same run:
// 1. what it costs per query: plan-store `get` by id, direct vs through PgBouncer, at 1 and at 32
//    callers;
// 2. what it buys: 500 clients, each with a connection of its own (500 service instances), against
//    a server with max_connections=100 — directly (most cannot connect) and through PgBouncer
//    (all are served by 20 server connections).
//
//   node --conditions=@travel-planner/source --import tsx packages/plan-store/bench/pgbouncer.bench.ts
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import pg from 'pg';
import { pgBouncerInstalled, startPgBouncer } from '../../../scripts/pgbouncer';
import { startPrimary } from '../../../scripts/postgres-node';

export interface PgBouncerBenchOptions {
  durationMs: number;
}

const DATABASE = 'plan_bench_pgbouncer';
const CLIENTS = 500;
const MAX_CONNECTIONS = 100;
const SERVER_POOL = 20;
const quiet = { warn() {} };

/** Runs `op` from `callers` loops for `durationMs`; counts successes, failures and latency. */
async function measure(durationMs: number, callers: number, op: (caller: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          await op(caller);
          latencies.push(performance.now() - started);
        } catch {
          failed++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length / (durationMs / 1000),
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    failed,
  };
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

type Measured = Awaited<ReturnType<typeof measure>>;

/** The round with the median throughput. */
function median(rounds: Measured[]): Measured {
  return [...rounds].sort((a, b) => a.ops - b.ops)[Math.floor(rounds.length / 2)]!;
}

/** 500 single-connection clients of `url` reading plans; how many connected and what they did. */
async function manyClients(url: string, planId: string, durationMs: number) {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        return client;
      } catch {
        return undefined;
      }
    }),
  );
  const connected = clients.filter((c): c is pg.Client => c !== undefined);
  try {
    const result = await measure(durationMs, CLIENTS, async (caller) => {
      const client = clients[caller];
      if (!client) throw new Error('not connected');
      await client.query('select * from plans where id = $1', [planId]);
    });
    return { connected: connected.length, ...result };
  } finally {
    await Promise.all(connected.map((c) => c.end().catch(() => {})));
  }
}

export async function runPgBouncerBench({ durationMs }: PgBouncerBenchOptions): Promise<void> {
  if (!pgBouncerInstalled()) {
    console.log('pgbouncer is not installed (apt-get install pgbouncer); skipped');
    return;
  }
  const server = await startPrimary([`max_connections=${MAX_CONNECTIONS}`]);
  await server.query(`create database ${DATABASE}`);
  const directUrl = server.url(DATABASE);
  const bouncer = await startPgBouncer({
    serverUrl: directUrl,
    poolSize: SERVER_POOL,
    maxClientConnections: 2000,
  });
  const stores: PlanStore[] = [];
  try {
    const store = (url: string) => {
      const created = createPlanStore({
        databaseUrl: url,
        directUrl,
        logger: quiet,
        pool: { size: 10, maxOverflow: 20 },
      });
      stores.push(created);
      return created;
    };
    const direct = store(directUrl);
    const pooled = store(bouncer.urlFor(directUrl));
    await direct.migrate.latest();
    const plan = await direct.plans.create({
      userWallet: `0x${'1'.repeat(40)}`,
      destination: 'Paris',
      budget: 2000,
      planData: { grand_total: 1723.8 },
    });

    // Both pools open all their connections and the server warms its caches before anything counts.
    for (const warm of [direct, pooled]) await measure(durationMs / 2, 32, () => warm.plans.get(plan.id));
    console.log('cost per query: store.plans.get(id), direct vs through PgBouncer (transaction mode)');
    for (const callers of [1, 32]) {
      // Alternating rounds, so load from elsewhere on the machine hits both sides alike.
      const rounds = { direct: [] as Measured[], pooled: [] as Measured[] };
      for (let round = 0; round < 3; round++) {
        rounds.direct.push(await measure(durationMs / 3, callers, () => direct.plans.get(plan.id)));
        rounds.pooled.push(await measure(durationMs / 3, callers, () => pooled.plans.get(plan.id)));
      }
      const a = median(rounds.direct);
      const b = median(rounds.pooled);
      console.log(
        `  ${String(callers).padStart(2)} caller(s): direct ${a.ops.toFixed(0)} ops/s p50 ${ms(a.p50)} | PgBouncer ${b.ops.toFixed(0)} ops/s p50 ${ms(b.p50)} | ratio ${(b.ops / a.ops).toFixed(2)}x ops/s, ${b.p50 >= a.p50 ? '+' : ''}${ms(b.p50 - a.p50)} p50 (median of 3 rounds)`,
      );
    }
    for (const s of stores) await s.close();
    stores.length = 0;

    console.log(
      `\nwhat it buys: ${CLIENTS} clients with a connection each, server max_connections=${MAX_CONNECTIONS}, PgBouncer pool ${SERVER_POOL}`,
    );
    const a = await manyClients(directUrl, plan.id, durationMs);
    const b = await manyClients(bouncer.urlFor(directUrl), plan.id, durationMs);
    const backends = await server.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = $1`,
      [DATABASE],
    );
    for (const [name, r] of [
      ['direct   ', a],
      ['PgBouncer', b],
    ] as const) {
      console.log(
        `  ${name}: ${r.connected}/${CLIENTS} connected, ${r.ops.toFixed(0)} queries/s, p99 ${ms(r.p99)}, ${r.failed} failed calls`,
      );
    }
    console.log(
      `  ratio: ${(b.ops / a.ops).toFixed(2)}x queries/s; server backends left by PgBouncer afterwards: ${backends[0]?.n}`,
    );
  } finally {
    for (const s of stores) await s.close();
    await bouncer.stop();
    await server.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runPgBouncerBench({ durationMs: Number(process.env.BENCH_DURATION_MS ?? 4000) });
}
