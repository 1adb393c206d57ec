// plan-store's own fixtures; shared test support is in test/support.
import type { CreatePlanInput, PlanStore } from '@travel-planner/plan-store';
import { WALLET_A } from '../../../test/support';

/** A valid create input, overridable field by field. */
export function planInput(overrides: Partial<CreatePlanInput> = {}): CreatePlanInput {
  return {
    userWallet: WALLET_A,
    destination: 'Paris',
    budget: 2000,
    planData: {
      flights: [],
      hotels: [],
      activities: ['Louvre'],
      total_cost: 100,
      platform_fee: 2,
      grand_total: 102,
    },
    ...overrides,
  };
}

/** Inserts `count` plans for a wallet, one after another (distinct created_at). */
export async function insertPlans(store: PlanStore, count: number, overrides: Partial<CreatePlanInput> = {}) {
  const plans = [];
  for (let i = 0; i < count; i++)
    plans.push(await store.plans.create(planInput({ destination: `City ${i}`, ...overrides })));
  return plans;
}
