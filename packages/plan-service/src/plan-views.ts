import type { Plan, PlanData } from '@travel-planner/plan-store';

// The plan_data keys a BASIC view keeps.
const COST_TOTALS = ['total_cost', 'platform_fee', 'grand_total'] as const;

/** A plan whose plan_data keeps only the cost totals: the BASIC view of listings. */
export function withCostTotalsOnly(plan: Plan): Plan {
  const totals: PlanData = {};
  for (const key of COST_TOTALS) {
    const value = plan.planData[key];
    if (value !== undefined) totals[key] = value;
  }
  return { ...plan, planData: totals };
}
