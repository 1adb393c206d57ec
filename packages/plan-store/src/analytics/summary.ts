/** Plans created in the range, counted by their current status. */
export interface StatusTotals {
  generated: number;
  confirmed: number;
  cancelled: number;
}

/** Plans created in the range, counted by what happened to them. */
export interface Funnel {
  /** Every plan created in the range. */
  generated: number;
  /** Plans that were confirmed, whether or not they were cancelled afterwards. */
  confirmed: number;
  cancelledBeforeConfirm: number;
  cancelledAfterConfirm: number;
  /** confirmed / generated; 0 when no plan was created. */
  confirmRate: number;
}

/** One destination's plans created in the range, under its current name. */
export interface DestinationFigures {
  destination: string;
  plans: number;
  /** Plans whose current status is confirmed. */
  confirmed: number;
  /** The sum of `planData.grand_total` over those confirmed plans. */
  revenue: number;
}

/** Events of one UTC day. */
export interface DailyFigures {
  /** YYYY-MM-DD (UTC). */
  date: string;
  generated: number;
  confirmed: number;
  cancelled: number;
}

/** The analytics summary of a range of UTC days. Carries no wallet. */
export interface AnalyticsSummary {
  /** When the figures were read. */
  asOf: Date;
  /** The range, inclusive, as YYYY-MM-DD. */
  from: string;
  to: string;
  totals: StatusTotals;
  funnel: Funnel;
  /** Most plans first (ties by name), at most {@link TOP_DESTINATIONS}. */
  destinations: DestinationFigures[];
  /** Every day of the range, oldest first, zeros included. */
  daily: DailyFigures[];
}

/** How many destinations a summary lists. */
export const TOP_DESTINATIONS = 20;
