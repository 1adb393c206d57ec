// JSON schemas of the analytics routes: validation, serialization and the OpenAPI document.
import { failures, genericErrorBody, noError, success, timestamp } from './schemas';

const count = { type: 'integer', minimum: 0 } as const;
const isoDate = {
  type: 'string',
  maxLength: 10,
  description: 'A UTC day, YYYY-MM-DD.',
  examples: ['2026-11-30'],
} as const;

const summaryBody = {
  type: 'object',
  required: ['status', 'as_of', 'from', 'to', 'totals', 'funnel', 'destinations', 'daily', 'error'],
  properties: {
    status: success,
    as_of: { ...timestamp, description: 'When the figures were read.' },
    from: isoDate,
    to: isoDate,
    totals: {
      type: 'object',
      description: 'Plans created in the range, by current status.',
      required: ['generated', 'confirmed', 'cancelled'],
      properties: { generated: count, confirmed: count, cancelled: count },
    },
    funnel: {
      type: 'object',
      description: 'Plans created in the range, by what happened to them.',
      required: [
        'generated',
        'confirmed',
        'cancelled_before_confirm',
        'cancelled_after_confirm',
        'confirm_rate',
      ],
      properties: {
        generated: { ...count, description: 'Every plan created in the range.' },
        confirmed: { ...count, description: 'Plans that were confirmed, also those cancelled afterwards.' },
        cancelled_before_confirm: count,
        cancelled_after_confirm: count,
        confirm_rate: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'confirmed / generated; 0 without plans.',
        },
      },
    },
    destinations: {
      type: 'array',
      description: 'Destinations of the plans created in the range, most plans first (at most 20).',
      items: {
        type: 'object',
        required: ['destination', 'plans', 'confirmed', 'revenue'],
        properties: {
          destination: { type: 'string' },
          plans: count,
          confirmed: { ...count, description: 'Plans whose current status is confirmed.' },
          revenue: {
            type: 'number',
            description: 'Sum of grand_total of those confirmed plans, US dollars.',
          },
        },
      },
    },
    daily: {
      type: 'array',
      description: 'Every day of the range, oldest first: plans created, confirmed and cancelled that day.',
      items: {
        type: 'object',
        required: ['date', 'generated', 'confirmed', 'cancelled'],
        properties: { date: isoDate, generated: count, confirmed: count, cancelled: count },
      },
    },
    error: noError,
  },
} as const;

export const analyticsSummarySchema = {
  operationId: 'getAnalyticsSummary',
  tags: ['analytics'],
  summary: 'Business figures of a range of UTC days',
  description:
    'Totals, the confirm funnel, top destinations and the daily series. With ANALYTICS_TOKEN set it needs ' +
    '`Authorization: Bearer <token>` or the login cookie of the page (401 otherwise). A malformed date, ' +
    '`from` after `to` or a range over 366 days is 400. No wallet ever appears.',
  querystring: {
    type: 'object',
    properties: {
      from: { ...isoDate, description: 'First day, included. Default: 29 days before `to`.' },
      to: { ...isoDate, description: 'Last day, included. Default: today (UTC).' },
    },
  },
  response: { 200: summaryBody, ...failures(genericErrorBody) },
} as const;

export const analyticsLoginSchema = {
  operationId: 'analyticsLogin',
  tags: ['analytics'],
  summary: "The analytics page's login: sets an HttpOnly cookie when the token is right",
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['token'],
    properties: { token: { type: 'string', minLength: 1, maxLength: 1024 } },
  },
  response: {
    200: { type: 'object', required: ['status', 'error'], properties: { status: success, error: noError } },
    ...failures(genericErrorBody),
  },
} as const;

/** `GET /analytics`: the page itself, static HTML that holds no figures (it fetches the summary). */
export const analyticsPageSchema = {
  operationId: 'getAnalyticsPage',
  tags: ['analytics'],
  summary: 'The analytics page: charts and tables of the summary, with a date range and a token login',
  // Open: the figures come from GET /analytics/summary, which checks the token.
  security: [],
  response: {
    200: {
      description: 'The page (its script and Chart.js are served by the gateway, nothing by another host)',
      content: { 'text/html': { schema: { type: 'string' } } },
    },
    // A refused request (the rate limit) or a failure answers in the gateway's JSON error shape.
    ...failures(genericErrorBody),
  },
} as const;
