import type { PlanData } from '@travel-planner/plan-store';
import { actingWallet } from './acting-wallet';
import type {
  ListPlanEventsRequest,
  ListPlanEventsResponse,
  ListPlanSharesRequest,
  ListPlanSharesResponse,
  ListSharedPlansRequest,
  ListSharedPlansResponse,
  SharePlanRequest,
  SharePlanResponse,
  UnsharePlanRequest,
  UnsharePlanResponse,
  UpdatePlanRequest,
  UpdatePlanResponse,
} from './gen/travel/plan/v1/plan_service';
import { PlanView } from './gen/travel/plan/v1/plan_service';
import { toProtoPlan, versionOfEtag } from './plan-conversion';
import { withCostTotalsOnly } from './plan-views';
import { checkedWallet, required } from './request-checks';
import { fromProtoRole, toProtoEvent, toProtoShare, toProtoSharedPlan } from './sharing-conversion';
import type { UnaryHandler } from './unary';

/** The sharing, co-editing and audit-trail RPCs. Authorization is the store's: one decision per call. */
export interface SharingHandlers {
  sharePlan: UnaryHandler<SharePlanRequest, SharePlanResponse>;
  unsharePlan: UnaryHandler<UnsharePlanRequest, UnsharePlanResponse>;
  listPlanShares: UnaryHandler<ListPlanSharesRequest, ListPlanSharesResponse>;
  listSharedPlans: UnaryHandler<ListSharedPlansRequest, ListSharedPlansResponse>;
  updatePlan: UnaryHandler<UpdatePlanRequest, UpdatePlanResponse>;
  listPlanEvents: UnaryHandler<ListPlanEventsRequest, ListPlanEventsResponse>;
}

// proto3 cannot tell an unset page size or token from 0 or "": those mean the store's defaults.
const pageOptions = (pageSize: number, pageToken: string) => ({
  limit: pageSize === 0 ? undefined : pageSize,
  cursor: pageToken === '' ? undefined : pageToken,
});

/** Creates the sharing RPC handlers; the store arrives per call through the context. */
export function createSharingHandlers(): SharingHandlers {
  return {
    async sharePlan(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = actingWallet(request.userWallet, context);
      const granteeWallet = checkedWallet(request.granteeWallet, 'grantee_wallet');
      const role = fromProtoRole(request.role);
      const share = await context.transaction((tx) =>
        tx.shares.share({ planId, userWallet, granteeWallet, role }),
      );
      return { share: toProtoShare(share) };
    },

    async unsharePlan(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = actingWallet(request.userWallet, context);
      const granteeWallet = checkedWallet(request.granteeWallet, 'grantee_wallet');
      const share = await context.transaction((tx) =>
        tx.shares.unshare({ planId, userWallet, granteeWallet }),
      );
      return { share: toProtoShare(share) };
    },

    async listPlanShares(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = actingWallet(request.userWallet, context);
      const shares = await context.transaction((tx) => tx.shares.list(planId, { userWallet }));
      return { shares: shares.map(toProtoShare) };
    },

    async listSharedPlans(request, context) {
      const userWallet = actingWallet(request.userWallet, context);
      const page = await context.transaction((tx) =>
        tx.shares.listSharedWith(userWallet, pageOptions(request.pageSize, request.pageToken)),
      );
      const render = request.view === PlanView.PLAN_VIEW_BASIC ? withCostTotalsOnly : undefined;
      return {
        plans: page.plans.map((shared) =>
          toProtoSharedPlan(shared, (plan) => toProtoPlan(render ? render(plan) : plan)),
        ),
        nextPageToken: page.nextCursor ?? '',
      };
    },

    async updatePlan(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = actingWallet(request.userWallet, context);
      const expectedVersion = versionOfEtag(request.etag);
      const plan = await context.transaction((tx) =>
        tx.plans.update(planId, {
          userWallet,
          expectedVersion,
          ...(request.planData === undefined ? {} : { planData: request.planData as PlanData }),
          ...(request.destination === undefined ? {} : { destination: request.destination }),
        }),
      );
      return { plan: toProtoPlan(plan) };
    },

    async listPlanEvents(request, context) {
      const planId = required(request.planId, 'plan_id');
      const userWallet = actingWallet(request.userWallet, context);
      const page = await context.transaction((tx) =>
        tx.events.list(planId, { userWallet, ...pageOptions(request.pageSize, request.pageToken) }),
      );
      return { events: page.events.map(toProtoEvent), nextPageToken: page.nextCursor ?? '' };
    },
  };
}
