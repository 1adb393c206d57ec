// The full stack of the contract tests, all real and in-process: a database of this test file's
// own, plan-store over it, plan-service on an ephemeral port, a gRPC client, and the gateway.
import { createPlanService, type PlanServiceServer } from '@travel-planner/plan-service';
import { createPlanServiceClient, type PlanServiceClient } from '@travel-planner/plan-service/client';
import { createPlanStore, type PlanStore } from '@travel-planner/plan-store';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../test/database';
import { createGateway, type GatewayOptions } from '../src/index';

/** The seed's wallet (DATABASE_SETUP.md's curl command). */
export const SEED_WALLET = '0x1234567890123456789012345678901234567890';

/** A stack under test. */
export interface Stack {
  db: TestDatabase;
  store: PlanStore;
  service: PlanServiceServer;
  servicePort: number;
  client: PlanServiceClient;
  app: FastifyInstance;
  /** Stops everything and drops the database. Safe to call after parts were stopped by a test. */
  close(): Promise<void>;
}

/** Starts the stack; `gateway` overrides gateway options. */
export async function startStack(
  gateway: Partial<Omit<GatewayOptions, 'planService'>> = {},
  service: { healthCheckIntervalMs?: number; analyticsToken?: string } = {},
): Promise<Stack> {
  const db = await createTestDatabase();
  const store = createPlanStore({
    databaseUrl: db.url,
    pool: { size: 0, maxOverflow: 5 },
    logger: { warn() {} },
  });
  const server = createPlanService({ store, logger: pino({ level: 'silent' }), ...service });
  const servicePort = await server.listen('127.0.0.1:0');
  const client = createPlanServiceClient({
    address: `127.0.0.1:${servicePort}`,
    defaultTimeoutMs: 5000,
    analyticsToken: service.analyticsToken,
  });
  const app = await createGateway({ planService: client, logger: false, ...gateway });
  await app.ready();
  let closed = false;
  return {
    db,
    store,
    service: server,
    servicePort,
    client,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      client.close();
      await server.shutdown({ graceMs: 1000 });
      await store.close();
      await db.drop();
    },
  };
}

/** A random valid wallet (lowercase, so no checksum applies). */
export function randomWallet(): string {
  const hex = Array.from({ length: 40 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `0x${hex}`;
}

/** The sorted keys of an object, for exact shape comparisons. */
export function keys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}
