// `pnpm start`: the whole system in one process. Without DATABASE_URL it starts an embedded
// PostgreSQL whose data lives in .data/postgres and survives restarts; then it migrates, starts
// plan-service (gRPC) and the HTTP gateway, and prints where they listen. Ctrl-C stops it all.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGateway, gatewayConfigFromEnv } from '@travel-planner/http-gateway';
import { createPlanService, serviceConfigFromEnv } from '@travel-planner/plan-service';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore, redactSecrets } from '@travel-planner/plan-store';
import pg from 'pg';
import { freePort, type LocalPostgres, startEmbeddedPostgres } from './local-postgres';

// PLAN_DATA_DIR moves the embedded database's files elsewhere (tests use a fresh one).
const DATA_DIR = resolve(process.env.PLAN_DATA_DIR ?? resolve(import.meta.dirname, '../.data/postgres'));
const PREFERRED_DB_PORT = 54320;
const DATABASE = 'travel_planner';

async function embeddedDatabase(): Promise<{ url: string; server: LocalPostgres }> {
  mkdirSync(DATA_DIR, { recursive: true });
  const port = await freePort(PREFERRED_DB_PORT);
  // PostgreSQL's own log is shown only if it fails to start.
  const log: string[] = [];
  const server = await startEmbeddedPostgres({
    databaseDir: DATA_DIR,
    port,
    persistent: true,
    onLog: (message) => log.push(String(message)),
  }).catch((err: unknown) => {
    console.error(log.join('').trim().split('\n').slice(-20).join('\n'));
    throw err;
  });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`create database ${DATABASE}`);
  } finally {
    await admin.end();
  }
  return { url: server.adminUrl.replace(/\/postgres$/, `/${DATABASE}`), server };
}

async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL ? undefined : await embeddedDatabase();
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const store = createPlanStore({ databaseUrl });
  const { migrations } = await store.migrate.latest();

  // Sign-in settings (AUTH_*) through each package's env reader, as the package commands read them.
  const service = createPlanService({ store, auth: serviceConfigFromEnv().auth });
  const servicePort = await service.listen(process.env.PLAN_SERVICE_ADDR ?? '127.0.0.1:50051');
  const client = createPlanServiceClient({ address: `127.0.0.1:${servicePort}` });
  const gateway = await createGateway({ planService: client, authMode: gatewayConfigFromEnv().authMode });
  const port = Number(process.env.PORT ?? 8000);
  await gateway.listen({ port, host: process.env.HOST ?? '0.0.0.0' });

  console.log(
    [
      '',
      `database      ${redactSecrets(databaseUrl)}${embedded ? ` (embedded, data in ${DATA_DIR})` : ''}`,
      `migrations    ${migrations.length ? `applied ${migrations.join(', ')}` : 'up to date'}`,
      `plan-service  grpc://127.0.0.1:${servicePort}`,
      `gateway       http://localhost:${port}  (API docs: http://localhost:${port}/docs)`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await gateway.close();
    client.close();
    await service.shutdown({ graceMs: 10_000 });
    await store.close();
    await embedded?.server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`start failed: ${redactSecrets(err instanceof Error ? err.message : String(err))}`);
  process.exit(1);
});
