// plan-service and the HTTP gateway as child processes, configured through their environment the
// way an operator would, each started on a free port and awaited until it answers.
import { createPlanServiceClient } from '@travel-planner/plan-service/client';
import { freePort } from '../../scripts/local-postgres';
import { createHttpClient } from './http-client';
import { type ServiceProcess, type SpawnOptions, spawnService } from './service-process';

/** Resolves when `ready()` is true, polling; fails early with the output if the process died. */
async function waitForReady(service: ServiceProcess, ready: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (!service.running()) throw new Error(`${service.name} exited while starting:\n${service.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${service.name} not ready after ${timeoutMs} ms:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A running plan-service. */
export interface PlanServiceProcess {
  process: ServiceProcess;
  /** `127.0.0.1:<port>`, what clients dial. */
  address: string;
  port: number;
  /** The Prometheus `/metrics` port, when asked for. */
  metricsPort?: number;
}

/** Options of {@link startPlanService}. */
export interface PlanServiceStart extends SpawnOptions {
  databaseUrl: string;
  /** Default: a free port. Give the old one to restart a service in place. */
  port?: number;
  /** Serve `/metrics` on a free port. */
  metrics?: boolean;
  /** More environment: DATABASE_POOL_SIZE, PLAN_SERVICE_TOKEN, … */
  env?: Record<string, string>;
}

/** Starts `plan-service` (packages/plan-service/src/bin.ts) and waits until its health Check answers SERVING. */
export async function startPlanService(options: PlanServiceStart): Promise<PlanServiceProcess> {
  const port = options.port ?? (await freePort());
  const metricsPort = options.metrics ? await freePort() : undefined;
  const address = `127.0.0.1:${port}`;
  const service = spawnService(
    'plan-service',
    'packages/plan-service/src/bin.ts',
    [],
    {
      DATABASE_URL: options.databaseUrl,
      PLAN_SERVICE_ADDR: address,
      ...(metricsPort === undefined ? {} : { PLAN_SERVICE_METRICS_PORT: String(metricsPort) }),
      ...options.env,
    },
    options,
  );
  const client = createPlanServiceClient({ address, defaultTimeoutMs: 500 });
  try {
    await waitForReady(
      service,
      async () => (await client.checkHealth().catch(() => undefined)) === 'SERVING',
    );
  } finally {
    client.close();
  }
  return { process: service, address, port, ...(metricsPort === undefined ? {} : { metricsPort }) };
}

/** A running gateway. */
export interface GatewayProcess {
  process: ServiceProcess;
  port: number;
}

/** Options of {@link startGateway}. */
export interface GatewayStart extends SpawnOptions {
  planServiceAddress: string;
  env?: Record<string, string>;
}

/** Starts the gateway (packages/http-gateway/src/bin.ts) on 127.0.0.1 and waits until `/health` is 200. */
export async function startGateway(options: GatewayStart): Promise<GatewayProcess> {
  const port = await freePort();
  const service = spawnService(
    'http-gateway',
    'packages/http-gateway/src/bin.ts',
    [],
    {
      PLAN_SERVICE_ADDR: options.planServiceAddress,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...options.env,
    },
    options,
  );
  const http = createHttpClient(port, 1);
  try {
    await waitForReady(service, async () => {
      const result = await http.call({ method: 'GET', path: '/health', timeoutMs: 2000 });
      return result.status === 200;
    });
  } finally {
    http.close();
  }
  return { process: service, port };
}

/** Reads one gauge or counter value from a Prometheus text exposition. */
export async function scrapeMetric(metricsPort: number, series: string): Promise<number | undefined> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  const text = await response.text();
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
