// Everything tests share, in one place: databases and stores, wallets, the stack in-process or as
// child processes, HTTP and load helpers, and memory figures of service processes. Package tests
// keep only their own fixtures in `packages/*/test/helpers.ts`; the fault suite's scenario tools
// live in `test/faults/harness`.
// The embedded PostgreSQL of `pnpm start`, for tests that need a server of their own.
export {
  answers,
  freePort,
  type LocalPostgres,
  postgresBinDirectory,
  postgresOsUser,
  startEmbeddedPostgres,
} from '../../scripts/local-postgres';
export {
  createHttpClient,
  type HttpCall,
  type HttpClient,
  type HttpResult,
  outcomeLabel,
} from './http-client';
export {
  type RunningService,
  type Stack,
  startService,
  startStack,
} from './in-process-stack';
export { pollUntil, runWorkers, type Sample, sleep, startSampler, type WorkerLimits, waitFor } from './load';
export { captureLogger, type LogLine } from './logs';
export { type MemoryFigures, probeMemory } from './memory';
export {
  type CallExtras,
  changePlan,
  createPlanFor,
  generatePlan,
  getPlan,
  listOrGenerate,
  listPlans,
  planIdOf,
} from './plan-api';
export {
  type GatewayProcess,
  type GatewayStart,
  type PlanServiceProcess,
  type PlanServiceStart,
  scrapeMetric,
  startGateway,
  startPlanService,
} from './process-stack';
export { type Random, runSeed, seededRandom } from './random';
export { createScratchDatabase, runAs, withDatabase } from './scratch-database';
export {
  loggedAt,
  REPO_ROOT,
  type ServiceExit,
  type ServiceProcess,
  type SpawnOptions,
  spawnService,
} from './service-process';
export {
  type AttackKit,
  newSigner,
  SIGN_IN_ATTACKS,
  type SignedMessage,
  type SignInAttack,
  signedMessage,
  siweMessage,
} from './siwe';
export { type FreezableProxy, startFreezableProxy } from './tcp-proxy';
export { adminQuery, createTestDatabase, type TestDatabase } from './test-database';
export { createTestStore } from './test-store';
export {
  badChecksum,
  CHECKSUMMED_WALLETS,
  randomWallet,
  SEED_WALLET,
  WALLET_A,
  WALLET_A_CHECKSUMMED,
  WALLET_B,
} from './wallets';
