// The full stack (gateway → gRPC → plan-service → plan-store → PostgreSQL) against a single Fastify
// process that answers the same requests with raw node-postgres running the same SQL, in the same
// run, under the same load (autocannon). Prints req/s, p50 and p99 per endpoint and the ratio.
// Alone: `pnpm bench http`.
import {
  createCatalogPlanGenerator,
  formatPlanMarkdown,
  type GeneratedPlan,
  toProtoPlan,
} from '@travel-planner/plan-service';
import { createPlanServiceClient, type Plan } from '@travel-planner/plan-service/client';
import {
  createPlanStore,
  type PlanRow,
  planFromRow,
  planStatements,
  shareStatements,
} from '@travel-planner/plan-store';
import { validatePaymentMethod } from '@travel-planner/plan-store/rules';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { startServiceProcess } from '../../../scripts/service-process';
import { createScratchDatabase, freePort } from '../../../test/support';
import { createGateway } from '../src/index';
import { bookingSuccess, errorBody, generatePlanSuccess, userPlansSuccess } from '../src/legacy-bodies';
import { confirmPlanSchema, generatePlanSchema, healthSchema, listUserPlansSchema } from '../src/schemas';
import { createValidatorCompiler } from '../src/validation';

/** Options of {@link runHttpBench}. */
export interface HttpBenchOptions {
  /** Server to run on (any database of it); the scratch database `plan_bench_http` is created and dropped. */
  databaseUrl: string;
  /** How long each endpoint is loaded, per contender, in ms (rounded to whole seconds, at least 1). */
  durationMs: number;
  /** Concurrent HTTP connections. */
  concurrency: number;
}

// The statements plan-store sends, so that both contenders run exactly the same SQL.
const { CHANGE_STATUS, INSERT_PLAN, pageQuery } = planStatements;
const { LOCK_PLAN } = shareStatements;

const SCRATCH = 'plan_bench_http';
const POOL_MAX = 30; // the seed's pool: 10 + 20 overflow, on both sides
const STATEMENT_TIMEOUT_MS = 5000;
const SEED_BODY =
  '{"destination": "Paris", "budget": 2000, "user_wallet": "0x1234567890123456789012345678901234567890"}';
const CONFIRM_WALLET = `0x${'c'.repeat(40)}`;
const LIST_WALLET = `0x${'d'.repeat(40)}`;
const CONFIRM_PLANS = 64;
const LIST_PLANS = 30;

function baseUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

// ---------------------------------------------------------------------------------------------
// The baseline: one process, Fastify with the same schemas and body builders, raw pg, same SQL.

// A row becomes the proto plan by the same two steps as in plan-store and plan-service.
const toPlan = (row: PlanRow): Plan => toProtoPlan(planFromRow(row));

// Every plan-service call runs in one store transaction with a statement timeout; so does the baseline.
async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(`set local statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The single-process Fastify + raw `pg` baseline, listening on a free port of 127.0.0.1. */
export async function startBaseline(
  databaseUrl: string,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_MAX });
  const generator = createCatalogPlanGenerator();
  const listQuery = pageQuery(['user_wallet'], false);
  // plan-service answers health from a status its monitor refreshes every second; so does the baseline.
  let databaseOk = true;
  const monitor = setInterval(() => {
    pool.query('select 1').then(
      () => {
        databaseOk = true;
      },
      () => {
        databaseOk = false;
      },
    );
  }, 1000);
  monitor.unref();

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  app.setValidatorCompiler(createValidatorCompiler());
  app.setErrorHandler((_error, _request, reply) =>
    reply.code(500).send(errorBody('generic', 'Internal server error', 'INTERNAL')),
  );

  app.post<{ Body: { destination: string; budget: number; user_wallet: string } }>(
    '/generate_plan',
    { schema: generatePlanSchema },
    async (request) => {
      const { destination, budget, user_wallet } = request.body;
      const generated = await generator.generate({ destination, budget });
      const row = await transaction(pool, async (client) => {
        const result = await client.query<PlanRow>(INSERT_PLAN, [
          user_wallet.toLowerCase(),
          destination,
          budget,
          JSON.stringify(generated),
          'generated',
        ]);
        return result.rows[0]!;
      });
      return generatePlanSuccess(toPlan(row), formatPlanMarkdown(row.plan_data as unknown as GeneratedPlan));
    },
  );

  app.post<{ Body: { plan_id: string; user_wallet: string; payment_method?: string | null } }>(
    '/confirm_plan',
    { schema: confirmPlanSchema },
    async (request, reply) => {
      const { plan_id, user_wallet } = request.body;
      const wallet = user_wallet.toLowerCase();
      const row = await transaction(pool, async (client) => {
        // As plan-store: lock the row, check the owner, then change it and append the event.
        const current = (await client.query<PlanRow>(LOCK_PLAN, [plan_id])).rows[0];
        if (!current || current.user_wallet !== wallet || current.status !== 'generated') return current;
        const updated = await client.query<PlanRow>(CHANGE_STATUS, [
          plan_id,
          'confirmed',
          'confirmed',
          wallet,
          current.status,
          ['generated'],
        ]);
        return updated.rows[0];
      });
      if (!row || row.user_wallet !== wallet || row.status !== 'confirmed') {
        return reply.code(409).send(errorBody('confirm', 'cannot confirm', 'FAILED_PRECONDITION'));
      }
      return bookingSuccess('confirm', toPlan(row), validatePaymentMethod(request.body.payment_method));
    },
  );

  app.get<{ Params: { user_wallet: string }; Querystring: { limit?: number } }>(
    '/get_user_plans/:user_wallet',
    { schema: listUserPlansSchema },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const rows = await transaction(pool, async (client) => {
        const result = await client.query<PlanRow>(listQuery, [
          request.params.user_wallet.toLowerCase(),
          limit + 1,
        ]);
        return result.rows;
      });
      return userPlansSuccess(rows.slice(0, limit).map(toPlan), rows.length > limit ? 'more' : '');
    },
  );

  app.get('/health', { schema: healthSchema }, async (_request, reply) => {
    const ok = databaseOk;
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'success' : 'error',
      response: ok ? 'healthy' : 'database is unavailable',
      checks: { gateway: 'ok', plan_service: 'ok', database: ok ? 'ok' : 'error' },
    });
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    async close() {
      clearInterval(monitor);
      await app.close();
      await pool.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Load

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

export interface Endpoint {
  name: string;
  requests: autocannon.Request[];
}

export async function load(
  base: string,
  endpoint: Endpoint,
  durationSec: number,
  connections: number,
): Promise<Figures> {
  const result = await autocannon({
    url: base,
    connections,
    duration: durationSec,
    // The load generator runs in its own thread so that it does not share the servers' event loop.
    workers: 1,
    requests: endpoint.requests,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => String(cell).padStart(widths[i] ?? 10)).join('  ');
}

/**
 * Loads POST /generate_plan, POST /confirm_plan, GET /get_user_plans/{wallet} and GET /health on the
 * full stack and on the single-process baseline, and prints req/s, p50, p99 (ms) and the ratio
 * full/baseline of each. Creates, migrates and drops the scratch database `plan_bench_http`.
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<void> {
  // autocannon measures in whole seconds.
  const durationSec = Math.max(1, Math.round(options.durationMs / 1000));
  const connections = options.concurrency;
  const scratch = await createScratchDatabase(options.databaseUrl, SCRATCH);
  const url = scratch.url;
  const store = createPlanStore({
    databaseUrl: url,
    pool: { size: 10, maxOverflow: 20 },
    logger: { warn() {} },
  });
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    await store.migrate.latest();

    // plan-service runs in a process of its own, as it is deployed (and as `pnpm start` runs it).
    const servicePort = await freePort();
    const service = await startServiceProcess(
      { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
      `127.0.0.1:${servicePort}`,
    );
    cleanups.push(() => service.stop());
    const client = createPlanServiceClient({ address: `127.0.0.1:${servicePort}`, defaultTimeoutMs: 5000 });
    cleanups.push(() => client.close());
    const gateway = await createGateway({ planService: client, logger: false });
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => gateway.close());
    const baseline = await startBaseline(url);
    cleanups.push(() => baseline.close());

    // Plans to confirm (confirmed once here, so every measured confirm is the same no-op success on
    // both sides) and a wallet with a full first page to list.
    const confirmIds: string[] = [];
    for (let i = 0; i < CONFIRM_PLANS; i += 1) {
      const { plan } = await client.generatePlan({
        destination: 'Rome',
        budget: 3000,
        userWallet: CONFIRM_WALLET,
      });
      await client.confirmPlan({ planId: plan!.id, userWallet: CONFIRM_WALLET });
      confirmIds.push(plan!.id);
    }
    for (let i = 0; i < LIST_PLANS; i += 1) {
      await client.generatePlan({ destination: 'Tokyo', budget: 6000, userWallet: LIST_WALLET });
    }

    const json = { 'content-type': 'application/json' };
    const endpoints: Endpoint[] = [
      {
        name: 'POST /generate_plan',
        requests: [{ method: 'POST', path: '/generate_plan', headers: json, body: SEED_BODY }],
      },
      {
        name: 'POST /confirm_plan',
        requests: confirmIds.map((id) => ({
          method: 'POST' as const,
          path: '/confirm_plan',
          headers: json,
          body: JSON.stringify({ plan_id: id, user_wallet: CONFIRM_WALLET }),
        })),
      },
      {
        name: 'GET /get_user_plans/{wallet}',
        requests: [{ method: 'GET', path: `/get_user_plans/${LIST_WALLET}` }],
      },
      { name: 'GET /health', requests: [{ method: 'GET', path: '/health' }] },
    ];

    const targets = { full: baseUrl(gateway), baseline: baseUrl(baseline.app) };
    // Warm up both (JIT, pools, the gRPC channel) before measuring.
    for (const endpoint of endpoints) {
      await load(targets.full, endpoint, 1, connections);
      await load(targets.baseline, endpoint, 1, connections);
    }

    console.log(
      `http-gateway full stack vs single-process Fastify + pg (same SQL, no gRPC): ${connections} connections, ` +
        `${durationSec} s per endpoint and contender, pool max ${POOL_MAX} on both sides`,
    );
    const widths = [30, 10, 8, 8, 10, 8, 8, 7];
    console.log(
      row(['endpoint', 'full req/s', 'p50 ms', 'p99 ms', 'base req/s', 'p50 ms', 'p99 ms', 'ratio'], widths),
    );
    const ratios: number[] = [];
    for (const endpoint of endpoints) {
      const full = await load(targets.full, endpoint, durationSec, connections);
      const base = await load(targets.baseline, endpoint, durationSec, connections);
      const ratio = full.rps / base.rps;
      ratios.push(ratio);
      console.log(
        row(
          [
            endpoint.name,
            full.rps.toFixed(0),
            full.p50,
            full.p99,
            base.rps.toFixed(0),
            base.p50,
            base.p99,
            ratio.toFixed(2),
          ],
          widths,
        ),
      );
      if (full.failed + base.failed > 0) {
        console.log(`  ! failed responses: full ${full.failed}, baseline ${base.failed}`);
      }
    }
    const worst = Math.min(...ratios);
    console.log(`lowest ratio ${worst.toFixed(2)} (target >= 0.50): ${worst >= 0.5 ? 'met' : 'NOT met'}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await store.close();
    await scratch.drop();
  }
}
