import type { AnalyticsSummary, PlanStore } from '@travel-planner/plan-store';
import type { GetSummaryRequest, GetSummaryResponse } from '../gen/travel/analytics/v1/analytics_service';
import type { UnaryHandler } from '../unary';

/** The AnalyticsService RPCs. */
export interface AnalyticsHandlers {
  getSummary: UnaryHandler<GetSummaryRequest, GetSummaryResponse>;
}

/** The wire form of a summary; field for field the store's, with the range it answered. */
export function toProtoSummary(summary: AnalyticsSummary): GetSummaryResponse {
  return {
    asOf: summary.asOf,
    from: summary.from,
    to: summary.to,
    totals: summary.totals,
    funnel: summary.funnel,
    destinations: summary.destinations,
    daily: summary.daily,
  };
}

/**
 * Creates the AnalyticsService handlers. The summary is one read-only statement on the pool, so it
 * can later be routed to a replica; the store validates the range (INVALID_ARGUMENT naming it).
 */
export function createAnalyticsHandlers(store: PlanStore): AnalyticsHandlers {
  return {
    async getSummary(request) {
      // proto3 cannot tell an unset date from "": both mean the default range.
      const range = {
        ...(request.from === '' ? {} : { from: request.from }),
        ...(request.to === '' ? {} : { to: request.to }),
      };
      return toProtoSummary(await store.analytics.summary(range));
    },
  };
}
