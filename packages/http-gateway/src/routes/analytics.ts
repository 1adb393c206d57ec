import cookie from '@fastify/cookie';
import type { GetSummaryResponse } from '@travel-planner/plan-service/client';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ANALYTICS_COOKIE, ANALYTICS_COOKIE_MAX_AGE_S, type AnalyticsAccess } from '../analytics-page/access';
import { chartJsSource } from '../analytics-page/assets';
import { ANALYTICS_ASSETS, ANALYTICS_CSP, analyticsPageHtml } from '../analytics-page/page-html';
import { ANALYTICS_PAGE_SCRIPT } from '../analytics-page/page-script';
import { analyticsLoginSchema, analyticsPageSchema, analyticsSummarySchema } from '../analytics-schemas';
import { errorBody } from '../legacy-bodies';

/** Options of {@link analyticsRoutes}. */
export interface AnalyticsRoutesOptions {
  access: AnalyticsAccess;
}

/** The REST body of a summary: the house shape with snake_case fields. */
export function summaryJson(summary: GetSummaryResponse) {
  const { totals, funnel } = summary;
  return {
    status: 'success' as const,
    as_of: (summary.asOf ?? new Date()).toISOString(),
    from: summary.from,
    to: summary.to,
    totals: {
      generated: totals?.generated ?? 0,
      confirmed: totals?.confirmed ?? 0,
      cancelled: totals?.cancelled ?? 0,
    },
    funnel: {
      generated: funnel?.generated ?? 0,
      confirmed: funnel?.confirmed ?? 0,
      cancelled_before_confirm: funnel?.cancelledBeforeConfirm ?? 0,
      cancelled_after_confirm: funnel?.cancelledAfterConfirm ?? 0,
      confirm_rate: funnel?.confirmRate ?? 0,
    },
    destinations: summary.destinations,
    daily: summary.daily,
    error: null,
  };
}

// The session plugin adds WWW-Authenticate to every 401.
function unauthorized(reply: FastifyReply) {
  return reply
    .code(401)
    .send(
      errorBody(
        'generic',
        'analytics needs Authorization: Bearer <ANALYTICS_TOKEN> or the page login',
        'UNAUTHENTICATED',
      ),
    );
}

/**
 * `GET /analytics/summary` (JSON), `GET /analytics` (the page), its assets and its login. Figures come
 * from plan-service's AnalyticsService; the page and Chart.js are served from here with a CSP that
 * allows this origin only. With `ANALYTICS_TOKEN` set, the summary needs the token (Bearer) or the
 * HttpOnly, SameSite=Strict cookie the login sets; the page and its assets hold no data.
 */
export const analyticsRoutes: FastifyPluginAsync<AnalyticsRoutesOptions> = async (app, { access }) => {
  // Sign-in may have registered the cookie parser already; a second registration would throw.
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  const chartJs = chartJsSource();
  const page = analyticsPageHtml();

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/analytics/summary',
    { schema: analyticsSummarySchema },
    async (request, reply) => {
      if (!access.allows(request)) return unauthorized(reply);
      const summary = await app.planService.getAnalyticsSummary(
        { from: request.query.from ?? '', to: request.query.to ?? '' },
        app.planCallOptions(request),
      );
      reply.header('cache-control', 'no-store');
      return summaryJson(summary);
    },
  );

  app.post<{ Body: { token: string } }>(
    '/analytics/login',
    { schema: analyticsLoginSchema },
    async (request, reply) => {
      if (!access.isToken(request.body.token)) return unauthorized(reply);
      if (access.protected) {
        reply.setCookie(ANALYTICS_COOKIE, access.cookieValue, {
          path: '/analytics',
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          maxAge: ANALYTICS_COOKIE_MAX_AGE_S,
        });
      }
      return { status: 'success', error: null };
    },
  );

  const asset = (url: string, type: string, body: string) =>
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
    );
  asset(ANALYTICS_ASSETS.chart, 'text/javascript; charset=utf-8', chartJs);
  asset(ANALYTICS_ASSETS.script, 'text/javascript; charset=utf-8', ANALYTICS_PAGE_SCRIPT);

  app.get('/analytics', { schema: analyticsPageSchema }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', ANALYTICS_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(page),
  );
};
