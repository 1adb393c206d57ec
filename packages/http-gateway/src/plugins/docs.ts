import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { type GatewayAuthMode, operationIdOf, SECURITY_SCHEMES, securityOf } from '../openapi-operations';

/** Options of {@link docsPlugin}. */
export interface DocsPluginOptions {
  /** The API version shown in the document. */
  version: string;
  /** Whether plan endpoints need a session; documented as each operation's security. */
  authMode: GatewayAuthMode;
}

const docs: FastifyPluginAsync<DocsPluginOptions> = async (app, { version, authMode }) => {
  // Registered before any route: @fastify/swagger collects the schemas of routes added after it.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Travel planner HTTP gateway',
        version,
        description:
          "The travel planner's REST API (the old backend's JSON shapes) on top of plan-service. " +
          'Errors keep the body shape of their endpoint, with "status": "error", a message in "error" and ' +
          'a machine-readable "code".',
      },
      tags: [
        { name: 'plans', description: 'Generate, list, confirm and cancel travel plans' },
        { name: 'auth', description: 'Sign-In with Ethereum (EIP-4361) sessions' },
        { name: 'operations', description: 'Health and metrics' },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // Every operation gets an operationId and its security requirement.
    transform: ({ schema, url, route }) => {
      const method = [route.method].flat()[0] ?? 'GET';
      const own = schema as FastifySchema | undefined;
      return {
        schema: {
          ...schema,
          operationId: own?.operationId ?? operationIdOf(method, url),
          security: own?.security ?? securityOf(url, authMode),
        },
        url,
      };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );
};

/** Serves the OpenAPI 3.1 document built from the route schemas at `/openapi.json` and Swagger UI at `/docs`. */
export const docsPlugin = fp(docs, { name: 'docs', fastify: '5.x' });
