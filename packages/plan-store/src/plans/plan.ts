/** The lifecycle states of a plan: `generated → confirmed`, `generated → cancelled`, `confirmed → cancelled`. */
export type PlanStatus = 'generated' | 'confirmed' | 'cancelled';

/** Every {@link PlanStatus}, in lifecycle order. */
export const PLAN_STATUSES: readonly PlanStatus[] = ['generated', 'confirmed', 'cancelled'];

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A plan's itinerary: any JSON object (flights, hotels, activities, costs…). */
export type PlanData = { [key: string]: JsonValue };

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
