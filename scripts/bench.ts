// `pnpm bench [name…]`: the named benchmarks (default: store, sharing, analytics, pgbouncer, grpc,
// auth, http, start, timeouts, cache), each against a baseline measured in the same run. `pnpm bench soak` runs the memory soak (10 minutes), which is never
// part of the default run. DATABASE_URL names the server to use (default: the local one);
// BENCH_DURATION_MS is how long each measurement runs (the soak's whole load), BENCH_CONCURRENCY
// how many calls are in flight. Scratch databases are dropped after.
import { runCacheBench } from '../packages/http-gateway/bench/cache.bench';
import { runHttpBench } from '../packages/http-gateway/bench/http.bench';
import { runSoakBench } from '../packages/http-gateway/bench/soak.bench';
import { runTimeoutBench, TIMEOUT_BENCH_LOAD } from '../packages/http-gateway/bench/timeouts.bench';
import { runAuthBench } from '../packages/plan-service/bench/auth.bench';
import { runGrpcBench } from '../packages/plan-service/bench/grpc.bench';
import { runAnalyticsBench } from '../packages/plan-store/bench/analytics.bench';
import { runPgBouncerBench } from '../packages/plan-store/bench/pgbouncer.bench';
import { runSharingBench } from '../packages/plan-store/bench/sharing.bench';
import { runStoreBench } from '../packages/plan-store/bench/store.bench';
import { runStartBench } from './start.bench';

interface BenchSettings {
  databaseUrl: string;
  durationMs: number;
  concurrency: number;
}

const BENCHES = {
  store: { title: 'plan-store', defaultDurationMs: 4000, run: runStoreBench },
  sharing: { title: 'sharing (plan-store)', defaultDurationMs: 4000, run: runSharingBench },
  analytics: { title: 'analytics (plan-store)', defaultDurationMs: 4000, run: runAnalyticsBench },
  grpc: { title: 'plan-service (gRPC)', defaultDurationMs: 4000, run: runGrpcBench },
  auth: { title: 'sign-in and sessions (gRPC)', defaultDurationMs: 4000, run: runAuthBench },
  http: { title: 'http-gateway (end to end)', defaultDurationMs: 4000, run: runHttpBench },
  start: {
    title: 'pnpm start under wrk (end to end, 100,000 plans)',
    defaultDurationMs: 10_000,
    run: runStartBench,
  },
  pgbouncer: { title: 'PgBouncer', defaultDurationMs: 4000, run: runPgBouncerBench },
  cache: {
    title: 'Redis cache (plan-service with and without REDIS_URL)',
    defaultDurationMs: 4000,
    run: runCacheBench,
  },
  // A fixed load of requests, not a duration: the figure is a share of them.
  timeouts: {
    title: 'timeouts: 504s that left a stored plan',
    defaultDurationMs: 0,
    run: async ({ databaseUrl }: BenchSettings) => {
      await runTimeoutBench({ databaseUrl, ...TIMEOUT_BENCH_LOAD });
    },
  },
  soak: {
    title: 'memory soak (gateway and plan-service processes)',
    defaultDurationMs: 600_000,
    run: runSoakBench,
  },
} satisfies Record<
  string,
  { title: string; defaultDurationMs: number; run: (s: BenchSettings) => Promise<void> }
>;

type BenchName = keyof typeof BENCHES;
const DEFAULT_RUN: BenchName[] = [
  'store',
  'sharing',
  'analytics',
  'pgbouncer',
  'grpc',
  'auth',
  'http',
  'start',
  'timeouts',
  'cache',
];

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !Object.hasOwn(BENCHES, name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const names = requested.length > 0 ? (requested as BenchName[]) : DEFAULT_RUN;
const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const concurrency = positiveInteger('BENCH_CONCURRENCY', 32);

for (const [i, name] of names.entries()) {
  const bench = BENCHES[name];
  console.log(`${i > 0 ? '\n' : ''}# ${bench.title}\n`);
  await bench.run({
    databaseUrl,
    durationMs: positiveInteger('BENCH_DURATION_MS', bench.defaultDurationMs),
    concurrency,
  });
}
