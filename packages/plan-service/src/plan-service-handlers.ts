import { type PlanData, PlanNotFoundError } from '@travel-planner/plan-store';
import {
  validatePaymentMethod,
  validatePlanRequest,
  validateSessionId,
} from '@travel-planner/plan-store/rules';
import type {
  CancelPlanRequest,
  CancelPlanResponse,
  ConfirmPlanRequest,
  ConfirmPlanResponse,
  CreatePlanRequest,
  CreatePlanResponse,
  GeneratePlanRequest,
  GeneratePlanResponse,
  GetPlanRequest,
  GetPlanResponse,
  ListUserPlansRequest,
  ListUserPlansResponse,
} from './gen/travel/plan/v1/plan_service';
import { PlanView } from './gen/travel/plan/v1/plan_service';
import { formatPlanMarkdown, type GeneratedPlan, type PlanGenerator } from './generator';
import { fromProtoStatus, fromProtoView, toProtoPlan } from './plan-conversion';
import { withCostTotalsOnly } from './plan-views';
import { required } from './request-checks';
import type { UnaryHandler } from './unary';

/** The logic of each PlanService RPC. Each one returns its response or throws; see `unary`. */
export interface PlanServiceHandlers {
  generatePlan: UnaryHandler<GeneratePlanRequest, GeneratePlanResponse>;
  createPlan: UnaryHandler<CreatePlanRequest, CreatePlanResponse>;
  getPlan: UnaryHandler<GetPlanRequest, GetPlanResponse>;
  listUserPlans: UnaryHandler<ListUserPlansRequest, ListUserPlansResponse>;
  confirmPlan: UnaryHandler<ConfirmPlanRequest, ConfirmPlanResponse>;
  cancelPlan: UnaryHandler<CancelPlanRequest, CancelPlanResponse>;
}

// proto3 strings cannot be unset: an empty idempotency key means "none".
const optional = (value: string) => (value === '' ? undefined : value);

// A JSON round trip drops the optional fields a generator left undefined, which the store (rightly)
// refuses as non-JSON values.
const toPlanData = (generated: GeneratedPlan) => JSON.parse(JSON.stringify(generated)) as PlanData;

/** Creates the RPC handlers over a plan generator; the store arrives per call through the context. */
export function createPlanServiceHandlers(generator: PlanGenerator): PlanServiceHandlers {
  return {
    async generatePlan(request, context) {
      // The store's rules run before the generator, so a bad request never costs a generation.
      validateSessionId(request.sessionId);
      const trip = validatePlanRequest({
        userWallet: required(context.actingWallet(request.userWallet), 'user_wallet'),
        destination: request.destination,
        budget: request.budget,
        idempotencyKey: optional(request.idempotencyKey),
      });
      const generated = await generator.generate({ destination: trip.destination, budget: trip.budget });
      // The plan's own name for the place (a catalog city's proper name) is the one destination
      // text: the row, the itinerary and the markdown all show it.
      const plan = await context.transaction((tx) =>
        tx.plans.create({ ...trip, destination: generated.destination, planData: toPlanData(generated) }),
      );
      // Rendered from the stored plan, so a retry with the same key shows the plan it gets back.
      return {
        plan: toProtoPlan(plan),
        formattedPlan: formatPlanMarkdown(plan.planData as unknown as GeneratedPlan),
      };
    },

    async createPlan(request, context) {
      const userWallet = context.actingWallet(request.userWallet);
      const plan = await context.transaction((tx) =>
        tx.plans.create({
          userWallet,
          destination: request.destination,
          budget: request.budget,
          planData: request.planData as PlanData,
          idempotencyKey: optional(request.idempotencyKey),
        }),
      );
      return { plan: toProtoPlan(plan) };
    },

    async getPlan(request, context) {
      const planId = required(request.planId, 'plan_id');
      // With a session the session's wallet always applies; without user_wallet (and no session)
      // the plan is answered to anyone, as the legacy API did.
      // The store checks the wallet and that it may read the plan.
      const userWallet = optional(context.actingWallet(request.userWallet));
      const plan = await context.transaction((tx) => tx.plans.get(planId, { userWallet }));
      if (!plan) throw PlanNotFoundError.byId(planId);
      return { plan: toProtoPlan(plan) };
    },

    async listUserPlans(request, context) {
      const wallet = required(context.actingWallet(request.userWallet), 'user_wallet');
      const status = fromProtoStatus(request.status);
      const view = fromProtoView(request.view);
      const page = await context.transaction((tx) =>
        tx.plans.listByWallet(wallet, {
          status,
          // 0 is proto3's "unset": the store's default page size (20).
          limit: request.pageSize === 0 ? undefined : request.pageSize,
          cursor: optional(request.pageToken),
        }),
      );
      const plans = view === PlanView.PLAN_VIEW_BASIC ? page.plans.map(withCostTotalsOnly) : page.plans;
      return { plans: plans.map(toProtoPlan), nextPageToken: page.nextCursor ?? '' };
    },

    async confirmPlan(request, context) {
      // Over gRPC the wallet is required, so the store always checks ownership in its UPDATE.
      const planId = required(request.planId, 'plan_id');
      const userWallet = required(context.actingWallet(request.userWallet), 'user_wallet');
      // Checked by the same rules as over REST; the call's log line records the method.
      validatePaymentMethod(request.paymentMethod);
      validateSessionId(request.sessionId);
      const plan = await context.transaction((tx) => tx.plans.confirm(planId, { userWallet }));
      return { plan: toProtoPlan(plan) };
    },

    async cancelPlan(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = required(context.actingWallet(request.userWallet), 'user_wallet');
      const plan = await context.transaction((tx) => tx.plans.cancel(planId, { userWallet }));
      return { plan: toProtoPlan(plan) };
    },
  };
}
