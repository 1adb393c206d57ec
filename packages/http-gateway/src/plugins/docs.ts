import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** Options of {@link docsPlugin}. */
export interface DocsPluginOptions {
  /** The API version shown in the document. */
  version: string;
}

const docs: FastifyPluginAsync<DocsPluginOptions> = async (app, { version }) => {
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
        {
          name: 'sharing',
          description:
            'Share a plan as viewer or editor, edit it against its ETag (If-Match), read its audit trail. ' +
            'Only the owner shares, revokes, confirms, cancels and reads events; an editor also edits; a viewer reads.',
        },
        { name: 'operations', description: 'Health and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () =>
    app.swagger(),
  );
};

/** Serves the OpenAPI 3.1 document built from the route schemas at `/openapi.json` and Swagger UI at `/docs`. */
export const docsPlugin = fp(docs, { name: 'docs', fastify: '5.x' });
