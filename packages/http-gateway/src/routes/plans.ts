import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { type Plan, PlanView } from '@travel-planner/plan-service/client';
import { MAX_PAGE_SIZE } from '@travel-planner/plan-store/rules';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import { GatewayError } from '../errors';
import { toEtagHeader } from '../etag';
import {
  bookingSuccess,
  generatePlanSuccess,
  planSuccess,
  protoPlanStatus,
  userPlansSuccess,
} from '../legacy-bodies';
import {
  cancelPlanSchema,
  confirmPlanSchema,
  generatePlanSchema,
  getPlanSchema,
  IDEMPOTENCY_KEY_HEADER,
  listUserPlansSchema,
  UNPAGED_LIST_CEILING,
} from '../schemas';
import { allowOnly } from './method-not-allowed';

function required(plan: Plan | undefined, rpc: string): Plan {
  // A successful call without a plan broke plan-service's contract: a 500, never details.
  if (!plan) throw GatewayError.missingPlan(rpc);
  return plan;
}

function optional(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : value;
}

type ListQuery = FromSchema<typeof listUserPlansSchema.querystring>;

interface ListedPlans {
  plans: Plan[];
  nextCursor: string | undefined;
}

// With `limit`, one page. Without it, page after page up to the ceiling: the old frontend shows what
// one request answers, so a wallet's oldest plans must not fall off a short first page. Every page
// shares the request's one deadline.
async function listWalletPlans(
  app: FastifyInstance,
  request: FastifyRequest,
  wallet: string,
  { limit, cursor, status }: ListQuery,
): Promise<ListedPlans> {
  // Every page carries the request's id and session; only the deadline is recomputed.
  const { timeoutMs, ...callOptions } = app.planCallOptions(request);
  const started = Date.now();
  const page = (pageSize: number, pageToken: string | undefined) =>
    app.planService.listUserPlans(
      {
        userWallet: wallet,
        pageSize,
        pageToken,
        status: status ? protoPlanStatus(status) : undefined,
        // The summaries need only the cost totals, not every itinerary.
        view: PlanView.PLAN_VIEW_BASIC,
      },
      { ...callOptions, timeoutMs: Math.max(1, (timeoutMs ?? 0) - (Date.now() - started)) },
    );
  if (limit !== undefined) {
    const response = await page(limit, cursor);
    return { plans: response.plans, nextCursor: response.nextPageToken || undefined };
  }
  const plans: Plan[] = [];
  let nextCursor = cursor;
  do {
    const response = await page(Math.min(MAX_PAGE_SIZE, UNPAGED_LIST_CEILING - plans.length), nextCursor);
    plans.push(...response.plans);
    nextCursor = response.nextPageToken || undefined;
  } while (nextCursor && plans.length < UNPAGED_LIST_CEILING);
  return { plans, nextCursor };
}

/**
 * The plan endpoints: the legacy `/generate_plan`, `/confirm_plan` and `/get_user_plans/{user_wallet}`,
 * plus `/cancel_plan` and `/plans/{plan_id}`. Each validates its input with its schema before calling
 * plan-service, and only throws on failure: the gateway's error handler builds the error body.
 */
// Request types come from the route schemas (json-schema-to-ts), so they cannot drift from what is validated.
export const planRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  app.post(
    '/generate_plan',
    { schema: generatePlanSchema, config: { legacyShape: 'generate' } },
    async (request) => {
      const { destination, budget, user_wallet, session_id } = request.body;
      const idempotencyKey = request.headers[IDEMPOTENCY_KEY_HEADER];
      const response = await app.planService.generatePlan(
        {
          destination,
          budget,
          userWallet: user_wallet,
          sessionId: optional(session_id),
          idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
        },
        app.planCallOptions(request),
      );
      return generatePlanSuccess(required(response.plan, 'GeneratePlan'), response.formattedPlan);
    },
  );
  allowOnly(app, '/generate_plan', ['POST'], 'generate');

  app.post(
    '/confirm_plan',
    { schema: confirmPlanSchema, config: { legacyShape: 'confirm' } },
    async (request) => {
      const { plan_id, user_wallet, session_id } = request.body;
      // Checked by the schema and again, with the default, by plan-service: passed on as sent.
      const paymentMethod = optional(request.body.payment_method);
      const response = await app.planService.confirmPlan(
        { planId: plan_id, userWallet: user_wallet, paymentMethod, sessionId: optional(session_id) },
        app.planCallOptions(request),
      );
      return bookingSuccess('confirm', required(response.plan, 'ConfirmPlan'), paymentMethod);
    },
  );
  allowOnly(app, '/confirm_plan', ['POST'], 'confirm');

  app.post(
    '/cancel_plan',
    { schema: cancelPlanSchema, config: { legacyShape: 'cancel' } },
    async (request) => {
      const { plan_id, user_wallet } = request.body;
      const response = await app.planService.cancelPlan(
        { planId: plan_id, userWallet: user_wallet },
        app.planCallOptions(request),
      );
      return bookingSuccess('cancel', required(response.plan, 'CancelPlan'));
    },
  );
  allowOnly(app, '/cancel_plan', ['POST'], 'cancel');

  app.get(
    '/get_user_plans/:user_wallet',
    { schema: listUserPlansSchema, config: { legacyShape: 'list' } },
    async (request) => {
      const { plans, nextCursor } = await listWalletPlans(
        app,
        request,
        request.params.user_wallet,
        request.query,
      );
      return userPlansSuccess(plans, nextCursor);
    },
  );
  allowOnly(app, '/get_user_plans/:user_wallet', ['GET'], 'list');

  app.get(
    '/plans/:plan_id',
    { schema: getPlanSchema, config: { legacyShape: 'plan' } },
    async (request, reply) => {
      const response = await app.planService.getPlan(
        { planId: request.params.plan_id, userWallet: request.query.user_wallet },
        app.planCallOptions(request),
      );
      const plan = required(response.plan, 'GetPlan');
      reply.header('etag', toEtagHeader(plan.etag));
      return planSuccess(plan);
    },
  );
  // PATCH is the edit, in routes/sharing.ts.
  allowOnly(app, '/plans/:plan_id', ['GET', 'PATCH'], 'plan');
};
