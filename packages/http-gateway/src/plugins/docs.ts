import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { type GatewayAuthMode, securityOf, securitySchemesOf } from '../openapi-operations';

/** Options of {@link docsPlugin}. */
export interface DocsPluginOptions {
  /** The API version shown in the document. */
  version: string;
  /** Whether plan endpoints need a session; documented as each operation's security. */
  authMode: GatewayAuthMode;
  /** Whether the analytics figures need `ANALYTICS_TOKEN` (it is set); otherwise they are documented as open. */
  analyticsProtected: boolean;
}

// Client generators name their methods after operationIds; the legacy endpoints keep the names of
// what they do. Routes missing here get one derived from method and path.
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'POST /generate_plan': 'generatePlan',
  'POST /confirm_plan': 'confirmPlan',
  'POST /cancel_plan': 'cancelPlan',
  'GET /get_user_plans/:user_wallet': 'getUserPlans',
  'GET /plans/:plan_id': 'getPlan',
  'GET /health': 'getHealth',
  'GET /auth/nonce': 'createSignInNonce',
  'POST /auth/verify': 'signIn',
  'GET /auth/session': 'getSession',
  'POST /auth/logout': 'signOut',
};

/** The operationId of a route: from the table above, else e.g. `getPlansByPlanIdShares`. */
export function operationIdOf(method: string, url: string): string {
  const known = OPERATION_IDS[`${method} ${url}`];
  if (known) return known;
  const words = url
    .split('/')
    .filter((segment) => segment !== '')
    .flatMap((segment) =>
      segment.startsWith(':') ? ['by', ...segment.slice(1).split('_')] : segment.split(/[_-]/),
    );
  return [method.toLowerCase(), ...words.map((word) => word.charAt(0).toUpperCase() + word.slice(1))].join(
    '',
  );
}

const docs: FastifyPluginAsync<DocsPluginOptions> = async (
  app,
  { version, authMode, analyticsProtected },
) => {
  // Registered before any route: @fastify/swagger collects the schemas of routes added after it.
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Travel planner HTTP gateway',
        version,
        license: { name: 'MIT', identifier: 'MIT' },
        description:
          "The travel planner's REST API (the old backend's JSON shapes) on top of plan-service. " +
          'Errors keep the body shape of their endpoint, with "status": "error", a message in "error" and ' +
          'a machine-readable "code".',
      },
      // Relative: the API is where this document was fetched from, whatever host and port that is.
      servers: [{ url: '/', description: 'this gateway' }],
      // Nothing by default; each operation states its own requirement (a session, the analytics token or none).
      security: [],
      tags: [
        { name: 'plans', description: 'Generate, list, confirm and cancel travel plans' },
        { name: 'auth', description: 'Sign-In with Ethereum (EIP-4361) sessions' },
        {
          name: 'sharing',
          description:
            'Share a plan as viewer or editor, edit it against its ETag (If-Match), read its audit trail. ' +
            'Only the owner shares, revokes, confirms, cancels and reads events; an editor also edits; a viewer reads.',
        },
        {
          name: 'analytics',
          description: 'Business figures (no wallet ever appears), their page and its token login',
        },
        { name: 'operations', description: 'Health and metrics' },
      ],
      components: { securitySchemes: securitySchemesOf(analyticsProtected) },
    },
    // Every operation gets an operationId and its security requirement.
    transform: ({ schema, url, route }) => {
      const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
      if (!schema) return { schema, url };
      const own = schema as FastifySchema & { operationId?: string; security?: unknown };
      return {
        schema: {
          ...schema,
          operationId: own.operationId ?? operationIdOf(method, url),
          security: own.security ?? securityOf(url, authMode, analyticsProtected),
        } as FastifySchema,
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
