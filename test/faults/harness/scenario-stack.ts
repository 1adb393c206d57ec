// The whole stack of one scenario: its database, plan-service and the gateway as child processes,
// and a keep-alive HTTP client of the gateway.

import {
  createHttpClient,
  type GatewayProcess,
  type HttpClient,
  type PlanServiceProcess,
  type ServiceProcess,
  startGateway,
  startPlanService,
} from '../../support';
import { appPassword, createScenarioDatabase, type ScenarioDatabase } from './database';

/** The gateway's deadline for plan-service calls in every scenario (GATEWAY_REQUEST_TIMEOUT_MS). */
export const GATEWAY_DEADLINE_MS = 5000;

/** A running stack. */
export interface ScenarioStack {
  db: ScenarioDatabase;
  planService: PlanServiceProcess;
  gateway: GatewayProcess;
  http: HttpClient;
  /** Stops both services (SIGTERM), closes the client and drops the database. */
  stop(): Promise<void>;
}

/** Options of {@link startScenarioStack}. */
export interface ScenarioStackOptions {
  planServiceEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  /** Serve plan-service's `/metrics`. */
  metrics?: boolean;
  /** Kept-alive connections of the HTTP client. */
  maxSockets?: number;
  /** Start both services with the memory probe (heap figures after a full GC). */
  memoryProbe?: boolean;
}

/** Starts a migrated database, plan-service and the gateway. */
export async function startScenarioStack(options: ScenarioStackOptions = {}): Promise<ScenarioStack> {
  const db = await createScenarioDatabase({ migrated: true });
  const planService = await startPlanService({
    databaseUrl: db.url,
    metrics: options.metrics ?? false,
    memoryProbe: options.memoryProbe ?? false,
    ...(options.planServiceEnv ? { env: options.planServiceEnv } : {}),
  });
  const gateway = await startGateway({
    planServiceAddress: planService.address,
    memoryProbe: options.memoryProbe ?? false,
    env: { GATEWAY_REQUEST_TIMEOUT_MS: String(GATEWAY_DEADLINE_MS), ...options.gatewayEnv },
  });
  const http = createHttpClient(gateway.port, options.maxSockets ?? 64);
  return {
    db,
    planService,
    gateway,
    http,
    async stop() {
      http.close();
      await Promise.all([gateway.process.stop(), planService.process.stop()]);
      await db.drop();
    },
  };
}

/** Secrets found in the output of `processes` (the database password, and any `extraSecrets`). */
export function leakedSecrets(
  processes: readonly ServiceProcess[],
  extraSecrets: readonly string[] = [],
): string[] {
  const secrets = [appPassword(), ...extraSecrets];
  return processes.flatMap((service) =>
    secrets
      .filter((secret) => service.output().includes(secret))
      .map(() => `${service.name} printed a secret`),
  );
}
