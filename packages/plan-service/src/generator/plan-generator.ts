import type { Itinerary } from '@travel-planner/plan-store';

export type { ActivityDetail, FlightLeg, HotelStay, HotelTier } from '@travel-planner/plan-store';

/** The itinerary a generator builds: plan-store's {@link Itinerary}, stored as the plan's plan_data. */
export type GeneratedPlan = Itinerary;

/** What a plan is generated from, already checked by plan-store's rules (`validatePlanRequest`). */
export interface GeneratePlanInput {
  /** Free text naming where to go, trimmed, without control characters. */
  destination: string;
  /** Whole USD, from 1 to `MAX_BUDGET`. */
  budget: number;
}

/** Builds an itinerary for a destination that fits a budget. */
export interface PlanGenerator {
  generate(input: GeneratePlanInput): Promise<GeneratedPlan>;
}

/** Reports that a budget cannot pay for any trip to a destination, and the smallest budget that can. */
export class BudgetTooSmallError extends Error {
  readonly code = 'BUDGET_TOO_SMALL' as const;
  /** The destination as the plan would have named it. */
  readonly destination: string;
  /** The smallest whole-dollar budget for which the same generator produces a plan for this destination. */
  readonly minimumBudget: number;

  constructor(destination: string, budget: number, minimumBudget: number) {
    super(`budget ${budget} is too small for a trip to ${destination}: the minimum is ${minimumBudget} USD`);
    this.name = 'BudgetTooSmallError';
    this.destination = destination;
    this.minimumBudget = minimumBudget;
  }
}
