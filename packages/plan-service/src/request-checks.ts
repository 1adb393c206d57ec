import { normalizeWallet, PlanValidationError, walletProblem } from '@travel-planner/plan-store';

// Checks the service runs itself, with proto field names. Everything else is left to the store,
// whose errors name its own fields and are translated on the way out.

/** Returns `value`, or throws INVALID_ARGUMENT `<field>: is required` when it is empty (proto3 cannot tell unset from ""). */
export function required(value: string, field: string): string {
  if (value === '') throw new PlanValidationError(field, 'is required');
  return value;
}

/** The wallet in its stored (lowercase) form; throws INVALID_ARGUMENT naming `field` when malformed. */
export function checkedWallet(value: string, field = 'user_wallet'): string {
  const problem = walletProblem(required(value, field));
  if (problem !== undefined) throw new PlanValidationError(field, problem);
  return normalizeWallet(value);
}

/**
 * Checks what the generator needs before it runs: a destination and a positive budget. The store
 * repeats its full validation when the plan is inserted. The budget is an int32, so it can never
 * exceed the store's MAX_BUDGET (also 2^31 - 1).
 */
export function checkTripRequest(destination: string, budget: number): void {
  const place = destination.trim();
  if (place === '') throw new PlanValidationError('destination', 'is required');
  // varchar(255) counts code points, not UTF-16 units.
  if ([...place].length > 255) throw new PlanValidationError('destination', 'must be at most 255 characters');
  if (budget <= 0) throw new PlanValidationError('budget', 'must be greater than 0');
}
