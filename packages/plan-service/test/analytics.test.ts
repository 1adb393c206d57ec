// AnalyticsService over a real server and database: the figures, bad ranges, the analytics token,
// the compaction job and the business gauges.
import { status } from '@grpc/grpc-js';
import { BUSINESS_METRIC_NAMES, createPlanServiceClient } from '@travel-planner/plan-service';
import type { PlanStore } from '@travel-planner/plan-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminQuery,
  createTestDatabase,
  createTestStore,
  type RunningService,
  startService,
  type TestDatabase,
  WALLET_A,
  waitFor,
} from '../../../test/support';
import { callError } from './helpers';

const ANALYTICS_TOKEN = 'analytics-secret-for-tests';
const today = () => new Date().toISOString().slice(0, 10);

let db: TestDatabase;
let store: PlanStore;
let running: RunningService;

beforeAll(async () => {
  db = await createTestDatabase();
  store = createTestStore(db);
  running = await startService(
    { store, analyticsToken: ANALYTICS_TOKEN, analyticsCompactIntervalMs: 100 },
    { analyticsToken: ANALYTICS_TOKEN },
  );
  const { client } = running;
  const paris = await client.generatePlan({ destination: 'Paris', budget: 3000, userWallet: WALLET_A });
  await client.confirmPlan({ planId: paris.plan?.id ?? '', userWallet: WALLET_A });
  const lima = await client.generatePlan({ destination: 'Lima', budget: 3000, userWallet: WALLET_A });
  await client.cancelPlan({ planId: lima.plan?.id ?? '', userWallet: WALLET_A });
  await client.generatePlan({ destination: 'Paris', budget: 3000, userWallet: WALLET_A });
});
afterAll(async () => {
  await running.stop();
  await store.close();
  await db.drop();
});

describe('AnalyticsService/GetSummary', () => {
  it('answers the figures of the range, with no wallet in them', async () => {
    const summary = await running.client.getAnalyticsSummary({ from: today(), to: today() });
    const { rows } = await adminQuery<{ total: number }>(
      `select sum((plan_data->>'grand_total')::numeric)::float8 as total from plans where status = 'confirmed'`,
      [],
      db.name,
    );
    expect(summary).toMatchObject({
      from: today(),
      to: today(),
      totals: { generated: 1, confirmed: 1, cancelled: 1 },
      funnel: { generated: 3, confirmed: 1, cancelledBeforeConfirm: 1, cancelledAfterConfirm: 0 },
      destinations: [
        { destination: 'Paris', plans: 2, confirmed: 1, revenue: rows[0]?.total },
        { destination: 'Lima', plans: 1, confirmed: 0, revenue: 0 },
      ],
      daily: [{ date: today(), generated: 3, confirmed: 1, cancelled: 1 }],
    });
    expect(summary.funnel?.confirmRate).toBeCloseTo(1 / 3);
    expect(summary.asOf).toBeInstanceOf(Date);
    expect(JSON.stringify(summary)).not.toMatch(/0x[0-9a-f]{40}/i);
  });

  it('defaults to the last 30 days', async () => {
    const summary = await running.client.getAnalyticsSummary({});
    expect(summary.to).toBe(today());
    expect(summary.daily).toHaveLength(30);
  });

  it.each([
    [{ from: '2026-03-02', to: '2026-03-01' }, 'from: must not be after to'],
    [{ from: '2026-13-01' }, 'from: must be a date as YYYY-MM-DD'],
    [{ from: '2024-01-01', to: '2025-06-01' }, 'to: the range must be at most 366 days'],
  ])('refuses %j with INVALID_ARGUMENT naming the field', async (request, message) => {
    const error = await callError(running.client.getAnalyticsSummary(request));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toContain(message);
  });

  it.each([
    ['no', undefined],
    ['a wrong', 'not-the-token'],
  ])('refuses a call with %s analytics token as UNAUTHENTICATED', async (_, analyticsToken) => {
    const client = createPlanServiceClient({
      address: running.address,
      ...(analyticsToken === undefined ? {} : { analyticsToken }),
    });
    try {
      const error = await callError(client.getAnalyticsSummary({}));
      expect(error.code).toBe(status.UNAUTHENTICATED);
      // The plan RPCs do not need the analytics token.
      await expect(client.listUserPlans({ userWallet: WALLET_A })).resolves.toBeDefined();
    } finally {
      client.close();
    }
  });

  it('folds pending changes into the rollups in the background', async () => {
    await waitFor(async () => {
      const { rows } = await adminQuery<{ pending: string }>(
        'select (select count(*) from analytics_plan_cohort_changes) + (select count(*) from analytics_daily_event_changes) as pending',
        [],
        db.name,
      );
      return rows[0]?.pending === '0';
    });
    const { rows } = await adminQuery(
      'select sum(plans)::int as plans from analytics_plan_cohorts',
      [],
      db.name,
    );
    expect(rows[0]).toEqual({ plans: 3 });
  });
});

describe('business gauges', () => {
  it('exports the last 30 days with bounded labels and no wallet', async () => {
    const text = await running.service.metrics.metrics();
    expect(text).toContain(`${BUSINESS_METRIC_NAMES.plans}{status="confirmed"} 1`);
    expect(text).toContain(`${BUSINESS_METRIC_NAMES.funnel}{stage="cancelled_before_confirm"} 1`);
    expect(text).toMatch(new RegExp(`${BUSINESS_METRIC_NAMES.confirmRatio} 0\\.33`));
    expect(text).toContain(`${BUSINESS_METRIC_NAMES.destinationPlans}{destination="Paris"} 2`);
    expect(text).toContain(`${BUSINESS_METRIC_NAMES.destinationRevenue}{destination="Lima"} 0`);
    expect(text).not.toMatch(/0x[0-9a-f]{40}/i);
  });
});
