// Relevant to users of the store.

export type { Account, Session, SignInNonce, StartedSession } from './accounts/account';
export type { AccountRepository, RemovedExpired, StartSessionInput } from './accounts/account-repository';
export { DEFAULT_NONCE_TTL_S, DEFAULT_SESSION_TTL_S } from './accounts/account-repository';
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

export type { PlanCacheOptions } from './cache/cache-options';
export { CACHE_DEFAULTS } from './cache/cache-options';
export type { PlanCacheHealth, PlanCacheStats } from './cache/plan-cache';
export type { PlanStore } from './create-plan-store';
export { createPlanStore, knexConfig } from './create-plan-store';
export type { PlanStoreErrorCode, SessionProblem, SignInNonceProblem } from './errors';
export {
  PlanNotFoundError,
  PlanOwnershipError,
  PlanShareNotFoundError,
  PlanStoreConfigError,
  PlanStoreError,
  PlanTransitionError,
  PlanValidationError,
  PlanVersionConflictError,
  SessionInvalidError,
  SignInNonceError,
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
/** A `plans` row as those statements return it, and the {@link Plan} the repository makes of it. */
export type {
  ActivityDetail,
  FlightLeg,
  HotelStay,
  HotelTier,
  Itinerary,
  JsonValue,
  Plan,
  PlanData,
  PlanRow,
  PlanStatus,
} from './plans/plan';
export { PLAN_STATUSES, toPlan as planFromRow } from './plans/plan';
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
export type { ReadStats } from './routing/read-routing';
export type { PlanRequestInput } from './rules';
export {
  DEFAULT_PAGE_SIZE,
  DEFAULT_PAYMENT_METHOD,
  MAX_BUDGET,
  MAX_DESTINATION_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_PAGE_SIZE,
  MAX_PAYMENT_METHOD_LENGTH,
  MAX_PLAN_DATA_BYTES,
  MAX_PLAN_DATA_DEPTH,
  MAX_SESSION_ID_LENGTH,
  MIN_BUDGET,
  normalizeDestination,
  normalizeWallet,
  PLAN_ID_PATTERN,
  RULE_MESSAGES,
  TEXT_PATTERN,
  validateCreatePlanInput,
  validatePaymentMethod,
  validatePlanRequest,
  validateSessionId,
  WALLET_PATTERN,
  walletProblem,
} from './rules';
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
