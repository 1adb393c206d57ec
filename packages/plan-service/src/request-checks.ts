import {
  normalizeWallet,
  PlanValidationError,
  RULE_MESSAGES,
  walletProblem,
} from '@travel-planner/plan-store/rules';

// The few checks only the service can make: proto3 cannot tell an unset string from "", so an empty
// id or wallet is "required" here. Every other rule belongs to plan-store and is imported from it.

/** Returns `value`, or throws INVALID_ARGUMENT `<field>: is required` when it is empty. */
export function required(value: string, field: string): string {
  if (value === '') throw new PlanValidationError(field, RULE_MESSAGES.required);
  return value;
}

/** The wallet in its stored (lowercase) form; throws INVALID_ARGUMENT naming `field` when malformed. */
export function checkedWallet(value: string, field = 'user_wallet'): string {
  const problem = walletProblem(required(value, field));
  if (problem !== undefined) throw new PlanValidationError(field, problem);
  return normalizeWallet(value);
}
