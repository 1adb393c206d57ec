// The http-gateway process: reads its configuration from the environment, dials plan-service and
// serves the REST API until SIGTERM or SIGINT.
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { createGateway } from './create-gateway';
import { gatewayConfigFromEnv, gatewayOptionsFromConfig } from './env';

/** Longest wait for in-flight requests on shutdown before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = gatewayConfigFromEnv();
  const options = gatewayOptionsFromConfig(config);
  const planService = createPlanServiceClient(options.client);
  const app = await createGateway({ ...options.gateway, planService });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: waiting for in-flight requests');
    // A request stuck past the grace period must not keep the process alive forever.
    const force = setTimeout(() => {
      app.log.error('shutdown grace period over, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      planService.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // Configuration errors name the variable, never its value; anything else is logged as is.
  console.error(error instanceof Error ? `http-gateway: ${error.message}` : error);
  process.exit(1);
});
