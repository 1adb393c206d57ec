// Throughput and latency of PlanService calls against a real PostgreSQL, beside a trivial echo
// service on the same grpc-js stack (the transport ceiling). Client and server share this process.
// Alone: `pnpm bench grpc`.
import {
  credentials as grpcCredentials,
  type handleUnaryCall,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { createPlanService, createPlanServiceClient } from '@travel-planner/plan-service';
import { createPlanStore } from '@travel-planner/plan-store';
import { pino } from 'pino';
import { createScratchDatabase } from '../../../test/support';

const SCRATCH_DATABASE = 'plan_bench_grpc';
const PLANS_PER_WALLET = 30;
const ECHO_PAYLOAD_BYTES = 1024;

/** Options of {@link runGrpcBench}. */
export interface GrpcBenchOptions {
  /** A PostgreSQL URL whose user may create databases; the bench works in its own scratch database. */
  databaseUrl: string;
  /** How long each measured call type runs, after a short warm-up. */
  durationMs: number;
  /** Calls in flight at any time. */
  concurrency: number;
}

/** Calls, errors, throughput and latency of one measured call type. */
export interface LoadResult {
  name: string;
  calls: number;
  errors: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs `concurrency` workers that issue calls back to back until `durationMs` is up. */
export async function load(
  name: string,
  call: (worker: number, i: number) => Promise<unknown>,
  durationMs: number,
  concurrency: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        const t0 = performance.now();
        try {
          await call(worker, i);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    calls: latencies.length,
    errors,
    callsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

// A unary service that returns its request bytes, defined by hand: no .proto, no codegen.
const ECHO_SERVICE = {
  echo: {
    path: '/bench.Echo/Echo',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Buffer) => value,
    requestDeserialize: (value: Buffer) => value,
    responseSerialize: (value: Buffer) => value,
    responseDeserialize: (value: Buffer) => value,
  },
} as const;

type EchoClient = {
  echo(
    request: Buffer,
    options: { deadline: Date },
    callback: (err: ServiceError | null, value: Buffer) => void,
  ): void;
  close(): void;
};

async function startEcho(): Promise<{ client: EchoClient; stop(): Promise<void> }> {
  const server = new Server();
  const echo: handleUnaryCall<Buffer, Buffer> = (call, callback) => callback(null, call.request);
  server.addService(ECHO_SERVICE, { echo });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  const EchoClientConstructor = makeGenericClientConstructor(ECHO_SERVICE, 'bench.Echo') as unknown as new (
    address: string,
    creds: ReturnType<typeof grpcCredentials.createInsecure>,
  ) => EchoClient;
  const client = new EchoClientConstructor(`127.0.0.1:${port}`, grpcCredentials.createInsecure());
  return {
    client,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

function printTable(results: readonly LoadResult[], echo: LoadResult, concurrency: number) {
  const rows = [echo, ...results].map((r) => ({
    call: r.name,
    'calls/s': Math.round(r.callsPerSecond),
    'p50 ms': r.p50Ms.toFixed(2),
    'p99 ms': r.p99Ms.toFixed(2),
    errors: r.errors,
    'vs echo': r === echo ? '1.00' : (r.callsPerSecond / echo.callsPerSecond).toFixed(2),
  }));
  console.log(`\ngRPC, ${concurrency} concurrent calls, client and server in one process`);
  console.table(rows);
}

/**
 * Measures GeneratePlan, GetPlan and ListUserPlans (calls/s, p50, p99) against a real server on an
 * ephemeral port over the scratch database `plan_bench_grpc`, and an echo service as the transport
 * ceiling, then prints a table. Creates, migrates and drops the scratch database.
 */
export async function runGrpcBench(options: GrpcBenchOptions): Promise<void> {
  const { databaseUrl, durationMs, concurrency } = options;
  const warmupMs = Math.min(1000, Math.round(durationMs / 5));
  const scratch = await createScratchDatabase(databaseUrl, SCRATCH_DATABASE);
  const store = createPlanStore({
    databaseUrl: scratch.url,
    logger: { warn() {} },
  });
  const service = createPlanService({ store, logger: pino({ level: 'silent' }) });
  const echo = await startEcho();
  try {
    await store.migrate.latest();
    const port = await service.listen('127.0.0.1:0');
    const client = createPlanServiceClient({ address: `127.0.0.1:${port}`, defaultTimeoutMs: 10_000 });

    // One wallet per worker, each with a page and a half of plans to read.
    const planIds: string[] = [];
    for (let w = 0; w < concurrency; w++) {
      for (let i = 0; i < PLANS_PER_WALLET; i++) {
        const { plan } = await client.generatePlan({
          destination: 'Paris',
          budget: 3000,
          userWallet: wallet(w),
        });
        planIds.push(plan!.id);
      }
    }

    const payload = Buffer.alloc(ECHO_PAYLOAD_BYTES, 7);
    const echoCall = () =>
      new Promise<Buffer>((resolve, reject) =>
        echo.client.echo(payload, { deadline: new Date(Date.now() + 10_000) }, (err, value) =>
          err ? reject(err) : resolve(value),
        ),
      );
    const calls: Array<[string, (worker: number, i: number) => Promise<unknown>]> = [
      [
        'GeneratePlan',
        (w) => client.generatePlan({ destination: 'Lisbon', budget: 2500, userWallet: wallet(w) }),
      ],
      ['GetPlan', (w, i) => client.getPlan({ planId: planIds[(w * PLANS_PER_WALLET + i) % planIds.length] })],
      ['ListUserPlans', (w) => client.listUserPlans({ userWallet: wallet(w), pageSize: 20 })],
    ];

    await load('warm-up', echoCall, warmupMs, concurrency);
    const echoResult = await load(`echo (${ECHO_PAYLOAD_BYTES} B)`, echoCall, durationMs, concurrency);
    const results: LoadResult[] = [];
    for (const [name, call] of calls) {
      await load('warm-up', call, warmupMs, concurrency);
      results.push(await load(name, call, durationMs, concurrency));
    }
    client.close();
    printTable(results, echoResult, concurrency);
  } finally {
    await echo.stop();
    await service.shutdown({ graceMs: 2000 });
    await store.close();
    await scratch.drop();
  }
}
