import type { AnalyticsSummary, PlanStore } from '@travel-planner/plan-store';
import { Gauge, type Registry } from 'prom-client';

/** The business gauges, over the last 30 days. Labels are bounded: statuses, stages, top destinations. */
export const BUSINESS_METRIC_NAMES = Object.freeze({
  plans: 'travel_plans',
  funnel: 'travel_plan_funnel_plans',
  confirmRatio: 'travel_plan_confirm_ratio',
  destinationPlans: 'travel_destination_plans',
  destinationRevenue: 'travel_destination_confirmed_revenue_dollars',
});

/** How many destinations get a label. */
export const GAUGE_TOP_DESTINATIONS = 10;

const FUNNEL_STAGES = ['generated', 'confirmed', 'cancelledBeforeConfirm', 'cancelledAfterConfirm'] as const;
const STAGE_LABELS = {
  generated: 'generated',
  confirmed: 'confirmed',
  cancelledBeforeConfirm: 'cancelled_before_confirm',
  cancelledAfterConfirm: 'cancelled_after_confirm',
} as const;

/**
 * Registers gauges read from the analytics summary of the last 30 days when scraped: plans by
 * current status, the funnel, the confirm ratio, and plans and confirmed revenue of the top 10
 * destinations. No wallet is ever a label. While the database is down a scrape keeps the last values.
 */
export function registerBusinessGauges(registry: Registry, store: PlanStore): void {
  // One summary per scrape, shared by every gauge's collect.
  let pending: Promise<AnalyticsSummary | undefined> | undefined;
  const latest = () => {
    pending ??= store.analytics
      .summary()
      .catch(() => undefined)
      .finally(() => {
        setImmediate(() => {
          pending = undefined;
        });
      });
    return pending;
  };

  new Gauge({
    name: BUSINESS_METRIC_NAMES.plans,
    help: 'Plans created in the last 30 days, by current status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const summary = await latest();
      if (summary) for (const [status, count] of Object.entries(summary.totals)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: BUSINESS_METRIC_NAMES.funnel,
    help: 'Plans created in the last 30 days, by what happened to them.',
    labelNames: ['stage'] as const,
    registers: [registry],
    async collect() {
      const summary = await latest();
      if (summary)
        for (const stage of FUNNEL_STAGES) this.set({ stage: STAGE_LABELS[stage] }, summary.funnel[stage]);
    },
  });
  new Gauge({
    name: BUSINESS_METRIC_NAMES.confirmRatio,
    help: 'Share of the plans created in the last 30 days that were confirmed, 0 to 1.',
    registers: [registry],
    async collect() {
      const summary = await latest();
      if (summary) this.set(summary.funnel.confirmRate);
    },
  });
  const perDestination = (name: string, help: string, figure: 'plans' | 'revenue') =>
    new Gauge({
      name,
      help,
      labelNames: ['destination'] as const,
      registers: [registry],
      async collect() {
        const summary = await latest();
        if (!summary) return;
        // A destination that left the top 10 must not linger as a stale series.
        this.reset();
        for (const d of summary.destinations.slice(0, GAUGE_TOP_DESTINATIONS))
          this.set({ destination: d.destination }, d[figure]);
      },
    });
  perDestination(
    BUSINESS_METRIC_NAMES.destinationPlans,
    `Plans created in the last 30 days, for the top ${GAUGE_TOP_DESTINATIONS} destinations.`,
    'plans',
  );
  perDestination(
    BUSINESS_METRIC_NAMES.destinationRevenue,
    `Confirmed revenue (sum of grand_total, US dollars) of those plans, top ${GAUGE_TOP_DESTINATIONS} destinations.`,
    'revenue',
  );
}
