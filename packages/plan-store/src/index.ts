// Relevant to users of the store.

// Relevant to code that builds on the store (custom queries, other services' error mapping).
export type { AnalyticsRepository, SummaryRange } from './analytics/analytics-repository';
export type { DateRange } from './analytics/date-range';
export { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, resolveDateRange } from './analytics/date-range';
export type {
  AnalyticsSummary,
  DailyFigures,
  DestinationFigures,
  Funnel,
  StatusTotals,
} from './analytics/summary';
export { TOP_DESTINATIONS } from './analytics/summary';
export type { PlanStore } from './create-plan-store';
export { createPlanStore, knexConfig } from './create-plan-store';
export type { PlanStoreErrorCode } from './errors';
export {
  PlanNotFoundError,
  PlanOwnershipError,
  PlanShareNotFoundError,
  PlanStoreConfigError,
  PlanStoreError,
  PlanTransitionError,
  PlanValidationError,
  PlanVersionConflictError,
  StoreInternalError,
  StoreTimeoutError,
  StoreUnavailableError,
} from './errors';
export type { EventRepository, ListEventsOptions } from './events/event-repository';
export type { PlanEvent, PlanEventAction, PlanEventPage } from './events/plan-event';
export { PLAN_EVENT_ACTIONS } from './events/plan-event';
export type { StoreHealth } from './health';
export type { MigrationBatch, MigrationStatus, StoreMigrator } from './migrate';
export { createMigrationSource, defaultMigrationsDirectory, MIGRATIONS_TABLE } from './migrate';
export type { PlanStoreOptions, PlanStoreOptionsInput, PoolOptions, SslMode, StoreLogger } from './options';
export { DEFAULTS, optionsFromEnv, resolveOptions } from './options';
export type { JsonValue, Plan, PlanData, PlanStatus } from './plans/plan';
export { PLAN_STATUSES } from './plans/plan';
export { PlanModel } from './plans/plan.model';
export type {
  CreatePlanInput,
  ListByWalletOptions,
  ListOptions,
  PlanEdit,
  PlanPage,
  PlanRepository,
  TransitionOptions,
} from './plans/plan-repository';
/** The statements the repository runs, for code that runs them on a connection of its own. */
export * as planStatements from './plans/plan-sql';
export type { PoolStats } from './pool';
export { redactSecrets } from './redact';
export type { Repositories } from './repositories';
export type { PlanAccess, PlanAction, PlanRelation } from './sharing/authorize';
export { ALLOWED_RELATIONS, authorize, mayAct } from './sharing/authorize';
export type { PlanShare, SharedPlan, SharedPlanPage, ShareRole } from './sharing/share';
export { SHARE_ROLES } from './sharing/share';
export type {
  SharedWithOptions,
  ShareInput,
  ShareRepository,
  UnshareInput,
} from './sharing/share-repository';
/** The statements of sharing (lock a plan, read a grant, grant, revoke, "shared with me"), as `planStatements`. */
export * as shareStatements from './sharing/share-sql';
export { toStoreError } from './to-store-error';
export type { PlanStoreTransaction, TransactionOptions } from './transaction';
export { DEFAULT_PAGE_SIZE, MAX_BUDGET, MAX_PAGE_SIZE, MAX_PLAN_DATA_BYTES } from './validation';
export { normalizeWallet, walletProblem } from './wallet';
