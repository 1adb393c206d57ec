import type { RunSql } from '../plans/sql-executor';
import { withStoreErrors } from '../store-errors';
import { COMPACT, SUMMARY } from './analytics-sql';
import { type DateRange, resolveDateRange } from './date-range';
import { type AnalyticsSummary, TOP_DESTINATIONS } from './summary';

/** The range of {@link AnalyticsRepository.summary}: UTC days as YYYY-MM-DD, both included. */
export interface SummaryRange {
  /** Default: 29 days before `to`. */
  from?: string;
  /** Default: today (UTC). */
  to?: string;
}

/** Business figures over plans and their events, read from rollups kept current by the database. */
export interface AnalyticsRepository {
  /**
   * The figures of plans created, and events that happened, in a range of at most 366 UTC days.
   * Throws `PlanValidationError` naming `from` or `to` for a malformed date, `from` after `to` or
   * a longer range.
   */
  summary(range?: SummaryRange): Promise<AnalyticsSummary>;
  /**
   * Folds the changes written since the last run into the rollups and returns how many it folded.
   * Figures are exact without it; it keeps them fast. Run it periodically on the primary.
   */
  compact(): Promise<number>;
}

interface SummaryRow {
  as_of: Date;
  totals: Record<
    'plans' | 'generated' | 'confirmed' | 'cancelled' | 'ever_confirmed' | 'cancelled_after_confirm',
    number
  >;
  destinations: Array<{ destination: string; plans: number; confirmed: number; revenue: number }>;
  daily: Array<{ date: string; generated: number; confirmed: number; cancelled: number }>;
}

function toSummary(range: DateRange, row: SummaryRow): AnalyticsSummary {
  const { totals } = row;
  return {
    asOf: row.as_of,
    ...range,
    totals: { generated: totals.generated, confirmed: totals.confirmed, cancelled: totals.cancelled },
    funnel: {
      generated: totals.plans,
      confirmed: totals.ever_confirmed,
      cancelledBeforeConfirm: totals.cancelled - totals.cancelled_after_confirm,
      cancelledAfterConfirm: totals.cancelled_after_confirm,
      confirmRate: totals.plans === 0 ? 0 : totals.ever_confirmed / totals.plans,
    },
    destinations: row.destinations,
    daily: row.daily,
  };
}

/** @internal */
export function createAnalyticsRepository(sql: RunSql): AnalyticsRepository {
  return withStoreErrors<AnalyticsRepository>({
    async summary(input) {
      const range = resolveDateRange(input ?? {});
      const [row] = await sql<SummaryRow>(SUMMARY, [range.from, range.to, TOP_DESTINATIONS]);
      if (!row) throw new Error('the summary statement returned no row');
      return toSummary(range, row);
    },
    async compact() {
      const [row] = await sql<{ folded: string }>(COMPACT, []);
      return Number(row?.folded ?? 0);
    },
  });
}
