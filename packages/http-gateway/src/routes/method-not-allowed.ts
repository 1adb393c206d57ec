import type { FastifyInstance, HTTPMethods } from 'fastify';
import { GatewayError } from '../errors';
import type { LegacyShape } from '../legacy-bodies';

const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Answers the methods a path does not serve with 405 and an `Allow` header, in the path's legacy
 * body shape, instead of Fastify's 404. OPTIONS stays with @fastify/cors (preflight) and HEAD of a
 * GET route with Fastify. The routes are hidden from the OpenAPI document.
 */
export function allowOnly(
  app: FastifyInstance,
  url: string,
  allowed: readonly HTTPMethods[],
  shape: LegacyShape,
) {
  const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : [...allowed];
  const others = METHODS.filter((method) => !allow.includes(method));
  app.route({
    method: others,
    url,
    schema: { hide: true },
    config: { legacyShape: shape, rateLimit: false },
    handler: async (request, reply) => {
      reply.header('allow', [...allow, 'OPTIONS'].join(', '));
      throw GatewayError.methodNotAllowed(request.method, request.url.split('?')[0] ?? url);
    },
  });
}
