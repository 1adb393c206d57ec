import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, type Registry } from 'prom-client';
import { metricsSchema } from '../schemas';

/** The Prometheus metric names the gateway exports. */
export const METRIC_NAMES = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
} as const;

/** Options of {@link metricsPlugin}. */
export interface MetricsPluginOptions {
  /** Where the metrics are registered and what `/metrics` exposes. */
  registry: Registry;
}

// The route label is the route's pattern, never the raw URL: wallets and plan ids in paths would
// make one time series per caller.
const UNMATCHED_ROUTE = 'unmatched';

const metrics: FastifyPluginAsync<MetricsPluginOptions> = async (app, { registry }) => {
  // A registry shared by several gateways (tests, one process serving twice) keeps one metric each.
  const requests =
    (registry.getSingleMetric(METRIC_NAMES.requests) as Counter<'method' | 'route' | 'status'> | undefined) ??
    new Counter({
      name: METRIC_NAMES.requests,
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric(METRIC_NAMES.duration) as Histogram<'method' | 'route'> | undefined) ??
    new Histogram({
      name: METRIC_NAMES.duration,
      help: 'Time from receiving a request to sending its response, by method and route pattern.',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE };
    requests.inc({ ...labels, status: String(reply.statusCode) });
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    { schema: metricsSchema, config: { legacyShape: 'generic', rateLimit: false } },
    async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    },
  );
};

/** Counts and times every response (`http_requests_total`, `http_request_duration_seconds`) and serves `/metrics`. */
export const metricsPlugin = fp(metrics, { name: 'metrics', fastify: '5.x' });
