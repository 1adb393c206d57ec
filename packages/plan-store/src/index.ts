// Relevant to users of the store.

export type { PlanStore } from './create-plan-store';
export { createPlanStore, knexConfig } from './create-plan-store';
export type { PlanStoreErrorCode } from './errors';
export {
  PlanNotFoundError,
  PlanOwnershipError,
  PlanStoreConfigError,
  PlanStoreError,
  PlanTransitionError,
  PlanValidationError,
  StoreInternalError,
  StoreTimeoutError,
  StoreUnavailableError,
} from './errors';
export type { StoreHealth } from './health';
export type { MigrationBatch, MigrationStatus, StoreMigrator } from './migrate';
export { createMigrationSource, defaultMigrationsDirectory, MIGRATIONS_TABLE } from './migrate';
export type { PlanStoreOptions, PlanStoreOptionsInput, PoolOptions, SslMode, StoreLogger } from './options';
export { DEFAULTS, optionsFromEnv, resolveOptions } from './options';
export type { JsonValue, Plan, PlanData, PlanStatus } from './plans/plan';
export { PLAN_STATUSES } from './plans/plan';
// Relevant to code that builds on the store (custom queries, other services' error mapping).
export { PlanModel } from './plans/plan.model';
export type {
  CreatePlanInput,
  ListByWalletOptions,
  ListOptions,
  PlanPage,
  PlanRepository,
  TransitionOptions,
} from './plans/plan-repository';
/** The statements the repository runs, for code that runs them on a connection of its own. */
export * as planStatements from './plans/plan-sql';
export type { PoolStats } from './pool';
export { redactSecrets } from './redact';
export type { ReadStats } from './routing/read-routing';
export { toStoreError } from './to-store-error';
export type { PlanStoreTransaction, TransactionOptions } from './transaction';
export { DEFAULT_PAGE_SIZE, MAX_BUDGET, MAX_PAGE_SIZE, MAX_PLAN_DATA_BYTES } from './validation';
export { normalizeWallet, walletProblem } from './wallet';
