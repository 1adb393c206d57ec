// `pnpm start`: the whole system. Without DATABASE_URL it starts an embedded PostgreSQL whose data
// survives restarts; then it migrates, starts plan-service (gRPC) in a process of its own and the
// HTTP gateway in this one, and prints where they listen. Every setting is read by the packages'
// own env readers, so each documented variable means here what it means for the package commands.
// Ctrl-C stops it all.
// A failure is one line on stderr and exit code 1, never a stack trace.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createGateway, gatewayConfigFromEnv, gatewayOptionsFromConfig } from '@travel-planner/http-gateway';
import { PlanServiceConfigError, serviceConfigFromEnv } from '@travel-planner/plan-service';
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore, optionsFromEnv, redactSecrets, resolveOptions } from '@travel-planner/plan-store';
import pg from 'pg';
import {
  canEnter,
  freePort,
  type LocalPostgres,
  type PostgresOsUser,
  postgresOsUser,
  startEmbeddedPostgres,
} from './local-postgres';
import { startServiceProcess } from './service-process';

const ROOT = resolve(import.meta.dirname, '..');
const PREFERRED_DB_PORT = 54320;
const DATABASE = 'travel_planner';
// Where a root user's data goes when the postgres user cannot enter the clone (a private folder).
const SHARED_DATA_ROOT = '/var/lib/travel-planner';

/**
 * The embedded server's data directory: PLAN_DATA_DIR, else `.data/postgres` in the clone, else (as
 * root, in a folder the postgres user cannot enter) a folder of this clone's own under
 * /var/lib/travel-planner, so the quick start works from anywhere and keeps its data across runs.
 */
function dataDirectory(user: PostgresOsUser | undefined): string {
  if (process.env.PLAN_DATA_DIR) return resolve(process.env.PLAN_DATA_DIR);
  const inClone = join(ROOT, '.data', 'postgres');
  if (canEnter(dirname(inClone), user)) return inClone;
  const cloneId = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
  return join(SHARED_DATA_ROOT, cloneId, 'postgres');
}

// Creates the missing folders above the data directory searchable by all (the postgres user must
// pass them, whatever the umask); existing folders are left as they are.
function makeParents(dataDir: string): void {
  const missing: string[] = [];
  for (let dir = dirname(dataDir); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    mkdirSync(dir);
    chmodSync(dir, 0o755);
  }
}

async function embeddedDatabase(): Promise<{ url: string; server: LocalPostgres; dataDir: string }> {
  const dataDir = dataDirectory(postgresOsUser());
  makeParents(dataDir);
  const server = await startEmbeddedPostgres({
    databaseDir: dataDir,
    port: await freePort(PREFERRED_DB_PORT),
  });
  try {
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [DATABASE]);
      if (!rowCount) await admin.query(`create database ${DATABASE}`);
    } finally {
      await admin.end();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: server.adminUrl.replace(/\/postgres$/, `/${DATABASE}`), server, dataDir };
}

/** What has been started so far, stopped in reverse order. */
const running: Array<() => Promise<unknown> | unknown> = [];

async function stopAll(): Promise<void> {
  for (const stop of running.reverse()) await stop();
  running.length = 0;
}

async function main(): Promise<void> {
  // Configuration first: a bad variable is reported before anything starts.
  const storeOptions = resolveOptions();
  const serviceConfig = serviceConfigFromEnv();
  const gatewayConfig = gatewayConfigFromEnv();
  if (serviceConfig.tls) {
    // The gateway's client dials plan-service without TLS (its env reader has no TLS settings).
    throw new PlanServiceConfigError(
      'PLAN_SERVICE_TLS_CERT',
      'is not supported by pnpm start; run the plan-service and http-gateway commands for TLS',
    );
  }
  const gatewayOptions = gatewayOptionsFromConfig(gatewayConfig);

  const { databaseUrl } = optionsFromEnv();
  const embedded = databaseUrl ? undefined : await embeddedDatabase();
  if (embedded) running.push(() => embedded.server.stop());
  const store = createPlanStore(embedded ? { databaseUrl: embedded.url } : {});
  const { migrations } = await store.migrate.latest().finally(() => store.close());

  // An explicit PLAN_SERVICE_ADDR is kept; otherwise the default port when it is free, else any.
  const configured = serviceConfig.address;
  const colon = configured.lastIndexOf(':');
  const configuredPort = Number(configured.slice(colon + 1));
  const servicePort =
    process.env.PLAN_SERVICE_ADDR && configuredPort !== 0 ? configuredPort : await freePort(configuredPort);
  const service = await startServiceProcess(
    embedded ? { ...process.env, DATABASE_URL: embedded.url } : process.env,
    `${configured.slice(0, colon)}:${servicePort}`,
  );
  running.push(() => service.stop());

  // The gateway dials the service started above, wherever PLAN_SERVICE_ADDR put it.
  const client = createPlanServiceClient({ ...gatewayOptions.client, address: `127.0.0.1:${servicePort}` });
  running.push(() => client.close());
  const gateway = await createGateway({ ...gatewayOptions.gateway, planService: client });
  running.push(() => gateway.close());
  await gateway.listen({ port: gatewayConfig.port, host: gatewayConfig.host });
  const address = gateway.server.address();
  const port = typeof address === 'object' && address ? address.port : gatewayConfig.port;
  const local =
    gatewayConfig.host === '0.0.0.0' || gatewayConfig.host === '::' ? 'localhost' : gatewayConfig.host;

  console.log(
    [
      '',
      `database      ${redactSecrets(embedded?.url ?? databaseUrl ?? '')}${embedded ? ` (embedded, data in ${embedded.dataDir})` : ''}`,
      `migrations    ${migrations.length ? `applied ${migrations.join(', ')}` : 'up to date'}`,
      `cache         ${storeOptions.cache ? 'Redis at REDIS_URL' : 'off (set REDIS_URL to cache reads in Redis)'}`,
      `plan-service  grpc://127.0.0.1:${servicePort}  (process ${service.pid})`,
      `gateway       http://${local}:${port}  (API docs: http://${local}:${port}/docs)${local === gatewayConfig.host ? '' : ', on every network interface'}`,
      '',
      'Ctrl-C stops everything.',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await stopAll();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(async (err: unknown) => {
  console.error(`start failed: ${redactSecrets(err instanceof Error ? err.message : String(err))}`);
  await stopAll().catch(() => {});
  process.exit(1);
});
