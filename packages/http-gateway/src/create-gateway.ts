import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAnalyticsAccess } from './analytics-page/access';
import { errorHandler, notFoundHandler } from './errors';
import { type GatewayOptions, resolveGatewayOptions } from './gateway-options';
import { closeIdleConnectionsPlugin } from './plugins/close-idle-connections';
import { corsPolicyPlugin } from './plugins/cors-policy';
import { docsPlugin } from './plugins/docs';
import { metricsPlugin } from './plugins/metrics';
import { planClientPlugin } from './plugins/plan-client';
import { sessionPlugin } from './plugins/session';
import { echoRequestId } from './request-id';
import { RouteShapes } from './route-shapes';
import { analyticsRoutes } from './routes/analytics';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { planRoutes } from './routes/plans';
import { sharingRoutes } from './routes/sharing';
import { fastifyServerOptions } from './server-options';
import { createValidatorCompiler } from './validation';

/**
 * Builds the HTTP gateway (not listening): the old REST API and `/health` mapped onto plan-service,
 * plus `/metrics`, `/openapi.json`, `/docs` and the analytics summary and page. Call `listen()` on the result, and `close()` before
 * closing the plan-service client.
 * @throws RangeError when a limit or timeout is not a positive number
 */
export async function createGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const settings = resolveGatewayOptions(options);
  const routeShapes = new RouteShapes();
  const app = Fastify(fastifyServerOptions(settings, routeShapes));

  await app.register(closeIdleConnectionsPlugin);
  app.setValidatorCompiler(createValidatorCompiler());
  // Only JSON bodies: a text/plain body is a 415, not a string handed to a schema that wants an object.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onRequest', echoRequestId);
  app.setErrorHandler(errorHandler(settings.bodyLimitBytes));
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRoute', routeShapes.record);

  await app.register(corsPolicyPlugin, { origins: settings.corsOrigins });
  if (settings.authMode === 'optional') {
    app.log.warn(
      'AUTH_MODE=optional: requests without a session act as the wallet they name; set AUTH_MODE=required to need a signed-in session',
    );
  }
  await app.register(sessionPlugin, { corsOrigins: settings.corsOrigins });
  await app.register(docsPlugin, {
    version: settings.version,
    authMode: settings.authMode,
    analyticsProtected: settings.analyticsToken !== undefined,
  });
  await app.register(planClientPlugin, {
    client: settings.planService,
    requestTimeoutMs: settings.requestTimeoutMs,
    returnTripMs: settings.returnTripMs,
  });
  if (settings.metrics) await app.register(metricsPlugin, { registry: settings.metrics });
  if (settings.rateLimit) {
    await app.register(rateLimit, {
      max: settings.rateLimit.max,
      timeWindow: settings.rateLimit.timeWindowMs,
    });
  }
  await app.register(healthRoutes, { version: settings.version, ...settings.health });
  await app.register(planRoutes);
  await app.register(authRoutes);
  await app.register(sharingRoutes);
  if (settings.analyticsToken === undefined) {
    app.log.warn('ANALYTICS_TOKEN is not set: /analytics and /analytics/summary are open to every caller');
  }
  await app.register(analyticsRoutes, { access: createAnalyticsAccess(settings.analyticsToken) });
  return app;
}
