import type { PlanStatus as PlanStatusName } from '@travel-planner/plan-store/rules';
import { PlanStatus } from '../gen/travel/plan/v1/plan_service';

/**
 * The proto enum value of each plan status name (`generated`, `confirmed`, `cancelled`, plan-store's
 * and the REST API's spelling). The one table between the two; `Record` keeps it exhaustive.
 */
export const PLAN_STATUS_BY_NAME: Readonly<Record<PlanStatusName, PlanStatus>> = Object.freeze({
  generated: PlanStatus.PLAN_STATUS_GENERATED,
  confirmed: PlanStatus.PLAN_STATUS_CONFIRMED,
  cancelled: PlanStatus.PLAN_STATUS_CANCELLED,
});

const NAME_BY_STATUS: ReadonlyMap<PlanStatus, PlanStatusName> = new Map(
  Object.entries(PLAN_STATUS_BY_NAME).map(([name, status]) => [status, name as PlanStatusName]),
);

/** The name of a proto status; `undefined` for `PLAN_STATUS_UNSPECIFIED` and numbers outside the enum. */
export function planStatusName(status: PlanStatus): PlanStatusName | undefined {
  return NAME_BY_STATUS.get(status);
}
