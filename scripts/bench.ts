// `pnpm bench`: every benchmark, each against a baseline measured in the same run.
// DATABASE_URL names the server to use (default: the local one); scratch databases are dropped after.
import { runHttpBench } from '../packages/http-gateway/bench/http.bench';
import { runGrpcBench } from '../packages/plan-service/bench/grpc.bench';
import { runAnalyticsBench } from '../packages/plan-store/bench/analytics.bench';
import { runSharingBench } from '../packages/plan-store/bench/sharing.bench';
import { runStoreBench } from '../packages/plan-store/bench/store.bench';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 4000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);

console.log('# plan-store\n');
await runStoreBench({ databaseUrl, durationMs, concurrency });
console.log('\n# sharing (plan-store)\n');
await runSharingBench({ databaseUrl, durationMs });
console.log('\n# analytics (plan-store)\n');
await runAnalyticsBench({ databaseUrl, durationMs, concurrency });
console.log('\n# plan-service (gRPC)\n');
await runGrpcBench({ databaseUrl, durationMs, concurrency });
console.log('\n# http-gateway (end to end)\n');
await runHttpBench({ databaseUrl, durationSec: Math.round(durationMs / 1000), connections: concurrency });
