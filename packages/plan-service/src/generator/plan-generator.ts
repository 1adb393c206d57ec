/** A flight leg, with the legacy backend's field names (the frontend reads them). */
export interface FlightLeg {
  from_location: string;
  to_location: string;
  airline: string;
  /** The trip's dates as `"YYYY-MM-DD to YYYY-MM-DD"`. */
  dates: string;
  /** Dollars with cents. */
  price: number;
}

/** A hotel stay. */
export interface HotelStay {
  name: string;
  location: string;
  /** Dollars with cents. */
  price_per_night: number;
  nights: number;
  /** `price_per_night * nights`, dollars with cents. */
  total: number;
}

/** A priced activity (extra detail beyond the legacy `activities: string[]`). */
export interface ActivityDetail {
  name: string;
  /** Dollars with cents; 0 for free ones. */
  price: number;
}

/** A hotel's price class, cheapest first: `budget`, `mid`, `luxury`. */
export type HotelTier = 'budget' | 'mid' | 'luxury';

/**
 * The itinerary stored as a plan's plan_data. Field names and nesting of the legacy keys must stay
 * exactly as here; the fields after them are additions, optional so that plans stored by the legacy
 * backend still conform.
 */
export interface GeneratedPlan {
  /** The canonical city name from the catalog, or the caller's text, trimmed, for unknown ones. */
  destination: string;
  /** Outbound and return legs; empty when the trip starts in the destination itself. */
  flights: FlightLeg[];
  /** One stay. */
  hotels: HotelStay[];
  /** Activity names (legacy shape). */
  activities: string[];
  /**
   * What the activities cost together: the flat activities pass (200) that includes them. The old
   * frontend shows a fixed $200 for activities; this makes its sum match `total_cost`.
   */
  activities_total?: number;
  /** Flights + hotel + `activities_total`, dollars with cents. */
  total_cost: number;
  /** 2% of total_cost, rounded to cents. */
  platform_fee: number;
  /** total_cost + platform_fee, never above the budget. */
  grand_total: number;
  /** The IATA code of the airport the trip starts from. */
  origin?: string;
  /** The departure date, `YYYY-MM-DD`. */
  start_date?: string;
  /** The return date, `YYYY-MM-DD`. */
  end_date?: string;
  nights?: number;
  hotel_tier?: HotelTier;
  /** The activities of `activities`, in the same order, each with its own list price (the pass covers them). */
  activity_details?: ActivityDetail[];
  currency?: 'USD';
  /** Which generator built the plan, e.g. `catalog-v1`. */
  generator?: string;
}

/** What a plan is generated from. */
export interface GeneratePlanInput {
  /** Free text naming where to go. */
  destination: string;
  /** Whole USD, > 0, already validated. */
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
