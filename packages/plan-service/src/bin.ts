// The `plan-service` command: the gRPC server over a store configured from the environment.
// Usage: plan-service [--migrate]
//        plan-service --probe   exit 0 when the server at PLAN_SERVICE_ADDR reports SERVING
//                               (a container health check that needs no grpc_health_probe)
import { readFileSync } from 'node:fs';
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import { pino } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createPlanServiceClient, credentials } from './client/index';
import { createPlanService } from './create-plan-service';
import { hostOf, type ServiceEnvConfig, serviceConfigFromEnv, serviceOptionsFromConfig } from './env-config';
import { sanitizeCause } from './log-cause';
import { type MetricsServer, startMetricsServer } from './metrics';

const SHUTDOWN_GRACE_MS = 10_000;

const PROBE_TIMEOUT_MS = 3000;

// Asks the local server's grpc.health.v1 service; TLS servers are probed with their own CA.
async function probe(config: ServiceEnvConfig): Promise<boolean> {
  const port = config.address.slice(config.address.lastIndexOf(':') + 1);
  const client = createPlanServiceClient({
    address: `127.0.0.1:${port}`,
    ...(config.tls
      ? {
          credentials: credentials.createSsl(config.tls.caFile ? readFileSync(config.tls.caFile) : null),
          channelOptions: { 'grpc.ssl_target_name_override': 'localhost' },
        }
      : {}),
  });
  try {
    return (await client.checkHealth('', { timeoutMs: PROBE_TIMEOUT_MS })) === 'SERVING';
  } catch {
    return false;
  } finally {
    client.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const config = serviceConfigFromEnv();
  if (argv.includes('--probe')) process.exit((await probe(config)) ? 0 : 1);
  // Synchronous writes: an asynchronous destination can lose its last lines at process.exit.
  const logger = pino(
    { level: config.logLevel, base: { service: 'plan-service' } },
    pino.destination({ dest: 1, sync: true }),
  );
  const store: PlanStore = createPlanStore({ logger: { warn: (message) => logger.warn(message) } });

  if (argv.includes('--migrate')) {
    const { migrations } = await store.migrate.latest();
    logger.info({ migrations }, 'migrations applied');
  }

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const service = createPlanService({
    ...serviceOptionsFromConfig(config),
    store,
    logger,
    metrics: registry,
  });
  const port = await service.listen(config.address);
  const host = hostOf(config.address);
  let metricsServer: MetricsServer | undefined;
  if (config.metricsPort !== undefined) {
    metricsServer = await startMetricsServer({ registry, port: config.metricsPort, host });
  }
  logger.info(
    {
      address: `${host.includes(':') ? `[${host}]` : host}:${port}`,
      tls: config.tls !== undefined,
      mutualTls: config.tls?.requireClientCert ?? false,
      tokenRequired: config.token !== undefined,
      cache: store.cache === undefined ? 'off' : 'redis',
      authMode: config.auth.mode ?? 'optional',
      ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
    },
    'plan-service listening',
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals | 'parent gone') => {
    if (stopping) {
      // A second signal means the operator will not wait for the grace period.
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await service.shutdown({ graceMs: SHUTDOWN_GRACE_MS });
      await Promise.all([store.close(), metricsServer?.close()]);
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ cause: sanitizeCause(err) }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
  // Started with an IPC channel (as `pnpm start` does), it stops when its parent is gone.
  process.once('disconnect', () => void (stopping || stop('parent gone')));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Config errors name the setting, never its value; driver errors lose their SQL and passwords.
  const line = {
    level: 60,
    time: Date.now(),
    msg: 'plan-service failed to start',
    cause: sanitizeCause(err),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
});
