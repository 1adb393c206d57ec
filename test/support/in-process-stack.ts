// The stack in the test's own process, all real: plan-service on an ephemeral port with a client,
// and the gateway over that client. The fault suite runs the same services as child processes
// instead (process-stack.ts), where signals and crashes must be real.
import { createGateway, type GatewayOptions } from '@travel-planner/http-gateway';
import {
  createPlanService,
  type PlanServiceOptions,
  type PlanServiceServer,
} from '@travel-planner/plan-service';
import {
  createPlanServiceClient,
  type PlanServiceClient,
  type PlanServiceClientOptions,
} from '@travel-planner/plan-service/client';
import type { PlanStore, PlanStoreOptionsInput } from '@travel-planner/plan-store';
import { captureLogger, type LogLine } from './logs';
import { createTestDatabase, type TestDatabase } from './test-database';
import { createTestStore } from './test-store';

/** A running service on an ephemeral port, with a client and its captured log lines. */
export interface RunningService {
  service: PlanServiceServer;
  port: number;
  address: string;
  client: PlanServiceClient;
  logs: LogLine[];
  /** Closes the client and shuts the server down (the store stays open). */
  stop(): Promise<void>;
}

/** Starts `createPlanService(options)` on 127.0.0.1:0 and connects a client to it. */
export async function startService(
  options: Omit<PlanServiceOptions, 'logger'>,
  clientOptions: Partial<PlanServiceClientOptions> = {},
): Promise<RunningService> {
  const { logger, lines } = captureLogger();
  const service = createPlanService({ ...options, logger });
  const port = await service.listen('127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  const client = createPlanServiceClient({ address, ...clientOptions });
  return {
    service,
    port,
    address,
    client,
    logs: lines,
    async stop() {
      client.close();
      await service.shutdown({ graceMs: 2000 });
    },
  };
}

/** The whole stack over a database of the test file's own. */
export interface Stack {
  db: TestDatabase;
  store: PlanStore;
  service: PlanServiceServer;
  servicePort: number;
  client: PlanServiceClient;
  /** plan-service's log lines. */
  serviceLogs: LogLine[];
  app: Awaited<ReturnType<typeof createGateway>>;
  /** Stops everything and drops the database. Safe to call after parts were stopped by a test. */
  close(): Promise<void>;
}

/** Starts the stack; `gateway`, `service` and `store` (e.g. a Redis `cache`) override their options. */
export async function startStack(
  gateway: Partial<Omit<GatewayOptions, 'planService'>> = {},
  service: Partial<Omit<PlanServiceOptions, 'store' | 'logger'>> = {},
  store: Omit<PlanStoreOptionsInput, 'databaseUrl'> = {},
): Promise<Stack> {
  const db = await createTestDatabase();
  const planStore = createTestStore(db, store);
  const running = await startService(
    { store: planStore, ...service },
    { defaultTimeoutMs: 5000, analyticsToken: service.analyticsToken },
  );
  const app = await createGateway({ planService: running.client, logger: false, ...gateway });
  await app.ready();
  let closed = false;
  return {
    db,
    store: planStore,
    service: running.service,
    servicePort: running.port,
    client: running.client,
    serviceLogs: running.logs,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await running.stop();
      await planStore.close();
      await db.drop();
    },
  };
}
