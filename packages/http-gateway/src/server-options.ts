import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { clientErrorHandler, frameworkErrorHandler } from './errors';
import type { GatewaySettings } from './gateway-options';
import { requestIdFor } from './request-id';
import { OneLinePerRequest } from './request-log';
import type { RouteShapes } from './route-shapes';

/** The options the gateway's Fastify instance is built with. */
export function fastifyServerOptions(
  settings: GatewaySettings,
  routeShapes: RouteShapes,
): FastifyHttpOptions<Server> {
  const timeouts = settings.serverTimeouts;
  return {
    logger: settings.logger,
    logController: new OneLinePerRequest(),
    bodyLimit: settings.bodyLimitBytes,
    // Slow clients are cut off: a whole request must arrive within requestReceiveTimeoutMs and an idle
    // socket is closed after connectionTimeoutMs (both unbounded by default in Fastify).
    requestTimeout: timeouts.requestReceiveTimeoutMs,
    connectionTimeout: timeouts.connectionTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: {
      headersTimeout: timeouts.headersTimeoutMs,
      // Node checks headersTimeout and requestTimeout on this interval (30 s by default), which would
      // let a slow client hold a socket far longer than the limits above.
      connectionsCheckingInterval: 1_000,
    },
    // While closing, new requests get 503 at once (Fastify's own body) and in-flight ones finish.
    return503OnClosing: true,
    trustProxy: settings.trustProxy,
    // The incoming id is validated in genReqId, never taken as is.
    requestIdHeader: false,
    genReqId: requestIdFor,
    // The router rejects some URLs (bad percent-encoding, an over-long path parameter) before any
    // route runs, and Node's parser some requests before Fastify sees them: both still answer in
    // the legacy shape.
    frameworkErrors: frameworkErrorHandler(routeShapes),
    clientErrorHandler,
  };
}
