// Sign-in throughput, and what a session costs a plan call: ListUserPlans (what GET
// /get_user_plans calls) with and without `x-session-token`, in the same run.
//
// Alone: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//   node --conditions=@travel-planner/source --import tsx packages/plan-service/bench/auth.bench.ts
import { pathToFileURL } from 'node:url';
import {
  createPlanService,
  createPlanServiceClient,
  PlanView,
  type SignInRequest,
} from '@travel-planner/plan-service';
import { createPlanStore } from '@travel-planner/plan-store';
import { pino } from 'pino';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { createSiweMessage } from 'viem/siwe';
import { createScratchDatabase } from '../../../test/support';
import { type LoadResult, load } from './grpc.bench';

const SCRATCH_DATABASE = 'plan_bench_auth';
const PLANS_PER_WALLET = 30;
// Sign-in messages are signed before the clock starts: signing is the wallet's work, not the server's.
const SIGNED_MESSAGES = 3000;

/** Options of {@link runAuthBench}. */
export interface AuthBenchOptions {
  databaseUrl: string;
  durationMs: number;
  concurrency: number;
}

const row = (r: LoadResult, baseline?: LoadResult) => ({
  call: r.name,
  'calls/s': Math.round(r.callsPerSecond),
  'p50 ms': r.p50Ms.toFixed(2),
  'p99 ms': r.p99Ms.toFixed(2),
  errors: r.errors,
  ratio: baseline ? (r.callsPerSecond / baseline.callsPerSecond).toFixed(2) : '',
});

function merged(name: string, runs: readonly LoadResult[]): LoadResult {
  const calls = runs.reduce((sum, r) => sum + r.calls, 0);
  const seconds = runs.reduce((sum, r) => sum + r.calls / r.callsPerSecond, 0);
  return {
    name,
    calls,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    callsPerSecond: calls / seconds,
    p50Ms: Math.max(...runs.map((r) => r.p50Ms)),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
  };
}

/**
 * Measures sign-in (CreateNonce, then SignIn: SIWE verification, nonce spent and session inserted
 * in one statement) and ListUserPlans with a session against ListUserPlans without one, alternating
 * the two twice so that load from elsewhere on the machine hits both alike. Prints a table with
 * the ratio; creates, migrates and drops the scratch database `plan_bench_auth`.
 */
export async function runAuthBench({
  databaseUrl,
  durationMs,
  concurrency,
}: AuthBenchOptions): Promise<void> {
  const warmupMs = Math.min(1000, Math.round(durationMs / 5));
  const scratch = await createScratchDatabase(databaseUrl, SCRATCH_DATABASE);
  const store = createPlanStore({ databaseUrl: scratch.url, logger: { warn() {} } });
  const service = createPlanService({ store, logger: pino({ level: 'silent' }) });
  try {
    await store.migrate.latest();
    const port = await service.listen('127.0.0.1:0');
    const client = createPlanServiceClient({ address: `127.0.0.1:${port}`, defaultTimeoutMs: 10_000 });

    // One signed-in wallet per worker, each with a page and a half of plans.
    const accounts = Array.from({ length: concurrency }, () => privateKeyToAccount(generatePrivateKey()));
    const sign = async (account: (typeof accounts)[number], nonce: string): Promise<SignInRequest> => {
      const message = createSiweMessage({
        domain: 'localhost:3000',
        address: account.address,
        uri: 'http://localhost:3000/',
        version: '1',
        chainId: 1,
        nonce,
        issuedAt: new Date(),
      });
      return { message, signature: await account.signMessage({ message }) };
    };
    // Set-up runs one worker per wallet, like the measured calls.
    const tokens = await Promise.all(
      accounts.map(async (account) => {
        for (let i = 0; i < PLANS_PER_WALLET; i++) {
          await client.generatePlan({ destination: 'Paris', budget: 3000, userWallet: account.address });
        }
        return (await client.signIn(await sign(account, (await client.createNonce()).nonce))).sessionToken;
      }),
    );
    const signed: SignInRequest[] = [];
    await Promise.all(
      accounts.map(async (account, w) => {
        for (let i = w; i < SIGNED_MESSAGES; i += accounts.length) {
          signed.push(await sign(account, (await client.createNonce()).nonce));
        }
      }),
    );

    let next = 0;
    const signIn = async () => {
      await client.createNonce();
      const request = signed[next++];
      // Counted as an error; raise SIGNED_MESSAGES if the table shows any.
      if (!request) throw new Error('out of signed messages');
      return client.signIn(request);
    };
    // The request GET /get_user_plans sends: a page of 20 summaries.
    const list = (w: number) => ({
      userWallet: accounts[w]!.address,
      pageSize: 20,
      view: PlanView.PLAN_VIEW_BASIC,
    });
    const anonymous = (w: number) => client.listUserPlans(list(w));
    const authenticated = (w: number) => client.listUserPlans(list(w), { sessionToken: tokens[w]! });

    await load('warm-up', anonymous, warmupMs, concurrency);
    await load('warm-up', authenticated, warmupMs, concurrency);
    const without: LoadResult[] = [];
    const withSession: LoadResult[] = [];
    for (let round = 0; round < 2; round++) {
      without.push(await load('', anonymous, durationMs / 2, concurrency));
      withSession.push(await load('', authenticated, durationMs / 2, concurrency));
    }
    const signIns = await load('sign-in (CreateNonce + SignIn)', signIn, durationMs, concurrency);
    client.close();

    const baseline = merged('ListUserPlans, no session', without);
    const session = merged('ListUserPlans, x-session-token', withSession);
    console.log(
      `\nSign-in and sessions over gRPC, ${concurrency} concurrent calls, client and server in one process`,
    );
    console.table([row(baseline), row(session, baseline), row(signIns)]);
    console.log(
      `session lookup costs ${((1 - session.callsPerSecond / baseline.callsPerSecond) * 100).toFixed(1)}% ` +
        'of ListUserPlans throughput (target: at most 15%); no session cache, so a sign-out counts on the next call',
    );
  } finally {
    await service.shutdown({ graceMs: 2000 });
    await store.close();
    await scratch.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAuthBench({
    databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    durationMs: Number(process.env.BENCH_DURATION_MS ?? 4000),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 32),
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
