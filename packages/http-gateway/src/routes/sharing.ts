import { PlanView } from '@travel-planner/plan-service/client';
import type { FastifyPluginAsync } from 'fastify';
import { GatewayError } from '../errors';
import { etagFromIfMatch, toEtagHeader } from '../etag';
import { planSuccess } from '../legacy-bodies';
import {
  eventJson,
  PROTO_ROLE,
  type RestShareRole,
  type SharedPlanSummary,
  sharedPlanSummary,
  shareJson,
} from '../sharing-bodies';
import {
  DEFAULT_SHARING_PAGE_SIZE,
  listPlanEventsSchema,
  listPlanSharesSchema,
  listSharedPlansSchema,
  sharePlanSchema,
  unsharePlanSchema,
  updatePlanSchema,
} from '../sharing-schemas';
import { allowOnly } from './method-not-allowed';

interface PlanParams {
  plan_id: string;
}

interface OwnerQuery {
  user_wallet: string;
}

interface PageQuery {
  limit?: number;
  cursor?: string;
}

/**
 * Sharing, co-editing and the audit trail: `/plans/{plan_id}/shares`, `/shared_plans/{user_wallet}`,
 * `PATCH /plans/{plan_id}` and `/plans/{plan_id}/events`. Who may call what is decided by
 * plan-service (the store's one authorization function); the routes validate, translate and throw.
 */
export const sharingRoutes: FastifyPluginAsync = async (app) => {
  app.post<{
    Params: PlanParams;
    Body: { user_wallet: string; grantee_wallet: string; role: RestShareRole };
  }>('/plans/:plan_id/shares', { schema: sharePlanSchema }, async (request) => {
    const { user_wallet, grantee_wallet, role } = request.body;
    const { share } = await app.planService.sharePlan(
      {
        planId: request.params.plan_id,
        userWallet: user_wallet,
        granteeWallet: grantee_wallet,
        role: PROTO_ROLE[role],
      },
      app.planCallOptions(request),
    );
    if (!share) throw GatewayError.missingPlan('SharePlan');
    return { status: 'success', share: shareJson(share), error: null };
  });

  app.get<{ Params: PlanParams; Querystring: OwnerQuery }>(
    '/plans/:plan_id/shares',
    { schema: listPlanSharesSchema },
    async (request) => {
      const { shares } = await app.planService.listPlanShares(
        { planId: request.params.plan_id, userWallet: request.query.user_wallet },
        app.planCallOptions(request),
      );
      return { status: 'success', shares: shares.map(shareJson), error: null };
    },
  );
  allowOnly(app, '/plans/:plan_id/shares', ['GET', 'POST'], 'generic');

  app.delete<{ Params: PlanParams & { grantee_wallet: string }; Querystring: OwnerQuery }>(
    '/plans/:plan_id/shares/:grantee_wallet',
    { schema: unsharePlanSchema },
    async (request) => {
      const { share } = await app.planService.unsharePlan(
        {
          planId: request.params.plan_id,
          userWallet: request.query.user_wallet,
          granteeWallet: request.params.grantee_wallet,
        },
        app.planCallOptions(request),
      );
      if (!share) throw GatewayError.missingPlan('UnsharePlan');
      return { status: 'success', share: shareJson(share), error: null };
    },
  );
  allowOnly(app, '/plans/:plan_id/shares/:grantee_wallet', ['DELETE'], 'generic');

  app.get<{ Params: { user_wallet: string }; Querystring: PageQuery }>(
    '/shared_plans/:user_wallet',
    { schema: listSharedPlansSchema, config: { legacyShape: 'list' } },
    async (request) => {
      const { limit, cursor } = request.query;
      const response = await app.planService.listSharedPlans(
        {
          userWallet: request.params.user_wallet,
          pageSize: limit ?? DEFAULT_SHARING_PAGE_SIZE,
          pageToken: cursor,
          // The summaries need only the cost totals, not every itinerary.
          view: PlanView.PLAN_VIEW_BASIC,
        },
        app.planCallOptions(request),
      );
      const plans = response.plans
        .map(sharedPlanSummary)
        .filter((plan): plan is SharedPlanSummary => plan !== undefined);
      return { status: 'success', plans, error: null, next_cursor: response.nextPageToken || null };
    },
  );
  allowOnly(app, '/shared_plans/:user_wallet', ['GET'], 'list');

  app.patch<{
    Params: PlanParams;
    Body: { user_wallet: string; plan_data?: Record<string, unknown>; destination?: string };
  }>(
    '/plans/:plan_id',
    { schema: updatePlanSchema, config: { legacyShape: 'plan' } },
    async (request, reply) => {
      const etag = etagFromIfMatch(request.headers['if-match']);
      const { user_wallet, plan_data, destination } = request.body;
      const { plan } = await app.planService.updatePlan(
        { planId: request.params.plan_id, userWallet: user_wallet, planData: plan_data, destination, etag },
        app.planCallOptions(request),
      );
      if (!plan) throw GatewayError.missingPlan('UpdatePlan');
      reply.header('etag', toEtagHeader(plan.etag));
      return planSuccess(plan);
    },
  );

  app.get<{ Params: PlanParams; Querystring: OwnerQuery & PageQuery }>(
    '/plans/:plan_id/events',
    { schema: listPlanEventsSchema },
    async (request) => {
      const { user_wallet, limit, cursor } = request.query;
      const response = await app.planService.listPlanEvents(
        {
          planId: request.params.plan_id,
          userWallet: user_wallet,
          pageSize: limit ?? DEFAULT_SHARING_PAGE_SIZE,
          pageToken: cursor,
        },
        app.planCallOptions(request),
      );
      return {
        status: 'success',
        events: response.events.map(eventJson),
        error: null,
        next_cursor: response.nextPageToken || null,
      };
    },
  );
  allowOnly(app, '/plans/:plan_id/events', ['GET'], 'generic');
};
