import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { corsOriginMatchers } from '../cors-origins';
import { IF_MATCH_HEADER } from '../etag';
import { REQUEST_ID_HEADER } from '../request-id';
import { IDEMPOTENCY_KEY_HEADER, REQUEST_TIMEOUT_HEADER } from '../schemas';

/** Options of {@link corsPolicyPlugin}. */
export interface CorsPolicyPluginOptions {
  /** Allowed browser origins, as `GatewayOptions.corsOrigins` describes them. */
  origins: readonly string[];
}

const corsPolicy: FastifyPluginAsync<CorsPolicyPluginOptions> = async (app, { origins }) => {
  const anyOrigin = origins.includes('*');
  await app.register(cors, {
    // Browsers refuse `*` together with credentials, and reflecting any origin with credentials would
    // let every site act for a logged-in user: `*` therefore switches credentials off.
    origin: anyOrigin ? '*' : corsOriginMatchers(origins),
    credentials: !anyOrigin,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      IDEMPOTENCY_KEY_HEADER,
      REQUEST_ID_HEADER,
      REQUEST_TIMEOUT_HEADER,
      IF_MATCH_HEADER,
    ],
    // A browser client reads a plan's ETag to send it back in If-Match.
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after', 'etag'],
    maxAge: 600,
  });
};

/** The gateway's CORS policy: the allowed origins, methods and headers, on `@fastify/cors`. */
export const corsPolicyPlugin = fp(corsPolicy, { name: 'cors-policy', fastify: '5.x' });
