// The input rules of a plan, on their own: what `@travel-planner/plan-store/rules` exports, for code
// that checks or documents input without a database (plan-service, the HTTP gateway's JSON schemas).
// Importing it loads neither knex nor pg.

export { PlanValidationError } from './errors';
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
  PLAN_ID_PATTERN,
  RULE_MESSAGES,
  TEXT_PATTERN,
  WALLET_PATTERN,
} from './limits';
export type { PlanStatus } from './plans/plan';
export { PLAN_STATUSES } from './plans/plan';
export type { PlanRequestInput } from './validation';
export {
  normalizeDestination,
  validateCreatePlanInput,
  validatePaymentMethod,
  validatePlanRequest,
  validateSessionId,
} from './validation';
export { normalizeWallet, walletProblem } from './wallet';
