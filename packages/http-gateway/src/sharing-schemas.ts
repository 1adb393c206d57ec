// JSON schemas of the sharing, edit and audit-trail routes: validation, serialization and the
// OpenAPI document share them, as for the plan routes (schemas.ts).
import { MAX_DESTINATION_LENGTH, MAX_PAGE_SIZE, TEXT_PATTERN } from '@travel-planner/plan-store/rules';
import { IF_MATCH_HEADER } from './etag';
import {
  etagHeader,
  failures,
  genericErrorBody,
  listError,
  noError,
  planDetailSchema,
  planError,
  planId,
  planStatus,
  readHeaders,
  success,
  timestamp,
  userPlanSchema,
  wallet,
  writeHeaders,
} from './schemas';

/** Items per page of the sharing and event listings when `limit` is not given. */
export const DEFAULT_SHARING_PAGE_SIZE = 20;

const role = {
  type: 'string',
  enum: ['viewer', 'editor'],
  description: 'viewer: reads the plan. editor: also changes its plan_data and destination.',
} as const;

const actingWallet = {
  ...wallet,
  description:
    "The wallet acting for this request (with a session, the session's wallet). A claim, not a proof, without sign-in.",
} as const;

const share = {
  type: 'object',
  additionalProperties: true,
  required: ['plan_id', 'grantee_wallet', 'role', 'created_at'],
  properties: {
    plan_id: { type: 'string', format: 'uuid' },
    grantee_wallet: { ...wallet, description: 'The wallet the plan is shared with, lowercase.' },
    role,
    created_at: { ...timestamp, description: 'When the grant was made.' },
    owner_wallet: { ...wallet, description: "The plan's owner, who made the grant." },
    revoked_at: { type: ['string', 'null'], format: 'date-time', description: 'Set once revoked.' },
  },
} as const;

const shareBody = (description: string) =>
  ({
    200: {
      type: 'object',
      required: ['status', 'share', 'error'],
      properties: { status: success, share: { ...share, description }, error: noError },
    },
    ...failures(genericErrorBody),
  }) as const;

const planParams = {
  type: 'object',
  required: ['plan_id'],
  properties: { plan_id: planId },
} as const;

const ownerQuery = {
  type: 'object',
  required: ['user_wallet'],
  properties: { user_wallet: { ...actingWallet, description: 'Must own the plan.' } },
} as const;

const pageQuery = {
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_SHARING_PAGE_SIZE,
    description: `Items per page, 1 to ${MAX_PAGE_SIZE}.`,
  },
  cursor: {
    type: 'string',
    minLength: 1,
    maxLength: 1024,
    description: 'The next_cursor of the previous page.',
  },
} as const;

const nextCursor = {
  type: ['string', 'null'],
  description: 'Set when more items exist; pass it as cursor. Null on the last page.',
} as const;

/** POST /plans/{plan_id}/shares */
export const sharePlanSchema = {
  operationId: 'sharePlan',
  summary: 'Share a plan with another wallet',
  description:
    'The owner lets grantee_wallet read (viewer) or also edit (editor) the plan. Sharing again with the same ' +
    'role changes nothing; with the other role it changes the role. 403 unless user_wallet owns the plan; 400 ' +
    'naming the field for a grantee that is the owner or malformed, or an unknown role.',
  tags: ['sharing'],
  headers: writeHeaders,
  params: planParams,
  body: {
    type: 'object',
    required: ['user_wallet', 'grantee_wallet', 'role'],
    properties: {
      user_wallet: { ...actingWallet, description: 'Must own the plan.' },
      grantee_wallet: { ...wallet, description: 'The wallet to share with; not the owner.' },
      role,
    },
  },
  response: shareBody('The active grant.'),
} as const;

/** DELETE /plans/{plan_id}/shares/{grantee_wallet} */
export const unsharePlanSchema = {
  operationId: 'unsharePlan',
  summary: 'Revoke a share',
  description:
    "The owner revokes grantee_wallet's grant; its very next request is refused. Repeating it answers the " +
    'revoked grant; a wallet the plan was never shared with is 404.',
  tags: ['sharing'],
  headers: readHeaders,
  params: {
    type: 'object',
    required: ['plan_id', 'grantee_wallet'],
    properties: { plan_id: planId, grantee_wallet: wallet },
  },
  querystring: ownerQuery,
  response: shareBody('The grant, with revoked_at set.'),
} as const;

/** GET /plans/{plan_id}/shares */
export const listPlanSharesSchema = {
  operationId: 'listPlanShares',
  summary: "List a plan's active shares",
  description: 'The active grants, oldest first. Owner only (403 otherwise).',
  tags: ['sharing'],
  headers: readHeaders,
  params: planParams,
  querystring: ownerQuery,
  response: {
    200: {
      type: 'object',
      required: ['status', 'shares', 'error'],
      properties: { status: success, shares: { type: 'array', items: share }, error: noError },
    },
    ...failures(genericErrorBody),
  },
} as const;

const sharedPlan = {
  ...userPlanSchema,
  required: [...userPlanSchema.required, 'role', 'owner_wallet'],
  properties: {
    ...userPlanSchema.properties,
    role,
    owner_wallet: { ...wallet, description: "The plan's owner." },
    shared_at: { ...timestamp, description: 'When the plan was shared with this wallet.' },
  },
} as const;

/** GET /shared_plans/{user_wallet} */
export const listSharedPlansSchema = {
  operationId: 'listSharedPlans',
  summary: 'List the plans shared with a wallet, newest share first',
  description:
    'The get_user_plans summary of each plan actively shared with user_wallet, with its role and owner. Pages ' +
    'with limit and cursor (next_cursor).',
  tags: ['sharing'],
  headers: readHeaders,
  params: {
    type: 'object',
    required: ['user_wallet'],
    properties: { user_wallet: { ...actingWallet, description: 'The grantee.' } },
  },
  querystring: { type: 'object', properties: pageQuery },
  response: {
    200: {
      type: 'object',
      required: ['status', 'plans', 'error', 'next_cursor'],
      properties: {
        status: success,
        plans: { type: 'array', items: sharedPlan },
        error: noError,
        next_cursor: nextCursor,
      },
    },
    ...failures(listError),
  },
} as const;

/** PATCH /plans/{plan_id} */
export const updatePlanSchema = {
  operationId: 'updatePlan',
  summary: "Edit a plan's itinerary or destination",
  description:
    'As the owner or an editor, against the version read: send the ETag of GET /plans/{plan_id} in If-Match. ' +
    'No If-Match (or *) is 428; a plan changed since (another ETag) is 412 and nothing is written: read it ' +
    'again and reapply the change. The answer carries the new ETag. plan_data replaces the whole itinerary.',
  tags: ['sharing'],
  headers: {
    type: 'object',
    properties: {
      ...readHeaders.properties,
      [IF_MATCH_HEADER]: {
        type: 'string',
        description: 'The ETag of the plan as read, e.g. "3". Required.',
      },
    },
  },
  params: planParams,
  body: {
    type: 'object',
    required: ['user_wallet'],
    properties: {
      user_wallet: { ...actingWallet, description: 'The owner or an editor of the plan.' },
      plan_data: {
        type: 'object',
        additionalProperties: true,
        description: 'The new itinerary (replaces the old one). plan_data or destination is required.',
      },
      destination: {
        type: 'string',
        minLength: 1,
        maxLength: MAX_DESTINATION_LENGTH,
        pattern: TEXT_PATTERN,
      },
    },
  },
  response: {
    200: {
      headers: etagHeader,
      type: 'object',
      required: ['status', 'plan', 'error'],
      properties: { status: success, plan: planDetailSchema, error: noError },
    },
    ...failures(planError),
  },
} as const;

const eventAction = {
  type: 'string',
  enum: ['created', 'updated', 'confirmed', 'cancelled', 'shared', 'unshared'],
} as const;

const event = {
  type: 'object',
  additionalProperties: true,
  required: ['action', 'actor_wallet', 'status_before', 'status_after', 'created_at'],
  properties: {
    action: eventAction,
    actor_wallet: { type: ['string', 'null'], description: 'Who made the change.' },
    status_before: { ...planStatus, type: ['string', 'null'], enum: [...planStatus.enum, null] },
    status_after: { ...planStatus, type: ['string', 'null'], enum: [...planStatus.enum, null] },
    created_at: timestamp,
    grantee_wallet: { type: ['string', 'null'], description: 'shared / unshared: whose grant.' },
    role: { type: ['string', 'null'], enum: [...role.enum, null] },
  },
} as const;

/** GET /plans/{plan_id}/events */
export const listPlanEventsSchema = {
  operationId: 'listPlanEvents',
  summary: "Page through a plan's audit trail, oldest first",
  description:
    'Every change of the plan: created, updated, confirmed, cancelled, shared, unshared, with who made it and ' +
    'the status before and after. Owner only (403 otherwise).',
  tags: ['sharing'],
  headers: readHeaders,
  params: planParams,
  querystring: {
    type: 'object',
    required: ['user_wallet'],
    properties: { ...ownerQuery.properties, ...pageQuery },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'events', 'error', 'next_cursor'],
      properties: {
        status: success,
        events: { type: 'array', items: event },
        error: noError,
        next_cursor: nextCursor,
      },
    },
    ...failures(genericErrorBody),
  },
} as const;
