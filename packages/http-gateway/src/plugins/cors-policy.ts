import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { corsOriginMatchers } from '../cors-origins';
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
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      IDEMPOTENCY_KEY_HEADER,
      REQUEST_ID_HEADER,
      REQUEST_TIMEOUT_HEADER,
    ],
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
    maxAge: 600,
  });
};

/** The gateway's CORS policy: the allowed origins, methods and headers, on `@fastify/cors`. */
export const corsPolicyPlugin = fp(corsPolicy, { name: 'cors-policy', fastify: '5.x' });
