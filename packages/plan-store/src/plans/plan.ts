/** Every {@link PlanStatus}, in lifecycle order. */
export const PLAN_STATUSES = Object.freeze(['generated', 'confirmed', 'cancelled'] as const);

/** The lifecycle states of a plan: `generated → confirmed`, `generated → cancelled`, `confirmed → cancelled`. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A plan's itinerary: any JSON object (flights, hotels, activities, costs…). */
export type PlanData = { [key: string]: JsonValue };

/** A flight leg, with the legacy backend's field names (the old frontend reads them). */
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
 * The itinerary a generated plan stores as its `planData`. Field names and nesting of the legacy
 * keys must stay exactly as here (the old frontend reads them); the fields after them are
 * additions, optional so that plans stored by the legacy backend still conform. Plans stored by
 * `plans.create` may hold any JSON object: read them defensively.
 */
export interface Itinerary {
  /** The place's name: a catalog city's own name, or the caller's text, trimmed. */
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

/** A stored travel plan. */
export interface Plan {
  /** UUID assigned by the database. */
  id: string;
  /** Owner's wallet, lowercase `0x` + 40 hex digits. */
  userWallet: string;
  destination: string;
  /** Budget in whole US dollars. */
  budget: number;
  planData: PlanData;
  status: PlanStatus;
  createdAt: Date;
  /** Kept current by a database trigger on every update. */
  updatedAt: Date;
  /** Starts at 1; every change of the plan adds one. An edit names the version it read. */
  version: number;
}

/** A `plans` row as node-postgres returns it. @internal */
export interface PlanRow {
  id: string;
  user_wallet: string;
  destination: string;
  budget: number;
  plan_data: PlanData;
  status: PlanStatus;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Maps a row to the public {@link Plan}; the one place where column names meet field names. @internal */
export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    userWallet: row.user_wallet,
    destination: row.destination,
    budget: row.budget,
    planData: row.plan_data,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
