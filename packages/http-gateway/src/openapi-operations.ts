// Security requirements of the OpenAPI document, added to every route's schema when the document
// is built (beside its operationId), so route schemas stay about requests and responses.
import { ANALYTICS_COOKIE } from './analytics-page/access';

/** `AUTH_MODE` as the gateway documents it: whether plan endpoints need a session. */
export type GatewayAuthMode = 'optional' | 'required';

// The session, as a bearer token or as the cookie.
const SESSION_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: 'The session_token of POST /auth/verify, as Authorization: Bearer <session_token>.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'tp_session',
    description: 'The HttpOnly cookie set by POST /auth/verify.',
  },
} as const;

// The analytics token (`ANALYTICS_TOKEN`), as a bearer token or as the cookie of the page's login.
const ANALYTICS_SCHEMES = {
  analyticsToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The gateway's ANALYTICS_TOKEN, as Authorization: Bearer <token>.",
  },
  analyticsCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: ANALYTICS_COOKIE,
    description: 'The HttpOnly cookie set by POST /analytics/login.',
  },
} as const;

/** Every security scheme an operation of the document may state. */
export const SECURITY_SCHEMES = { ...SESSION_SCHEMES, ...ANALYTICS_SCHEMES } as const;

/**
 * The schemes the document lists: a scheme no operation states is a linter's error, so the
 * analytics ones only when `analyticsProtected` (`ANALYTICS_TOKEN` is set and guards the figures).
 */
export function securitySchemesOf(analyticsProtected: boolean): Partial<typeof SECURITY_SCHEMES> {
  return analyticsProtected ? SECURITY_SCHEMES : SESSION_SCHEMES;
}

const SESSION: ReadonlyArray<Record<string, readonly string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
// OpenAPI's empty requirement: anonymous calls are allowed too.
const SESSION_OR_ANONYMOUS = [...SESSION, {}];

// Open whatever the mode: probes, documentation and the sign-in itself.
const OPEN_PATHS = new Set([
  '/health',
  '/metrics',
  '/openapi.json',
  '/auth/nonce',
  '/auth/verify',
  '/analytics/login',
]);
const SESSION_PATHS = new Set(['/auth/session', '/auth/logout']);
// The analytics figures take the analytics token, never a session.
const ANALYTICS_PATHS = new Set(['/analytics/summary']);
const ANALYTICS_TOKEN: ReadonlyArray<Record<string, readonly string[]>> = [
  { analyticsToken: [] },
  { analyticsCookie: [] },
];

/**
 * The security requirement of a route: none for open paths; the analytics token for the figures
 * when `analyticsProtected` (`ANALYTICS_TOKEN` is set), else none; a session for the rest
 * (optionally, in optional mode).
 */
export function securityOf(
  path: string,
  mode: GatewayAuthMode,
  analyticsProtected = false,
): ReadonlyArray<Record<string, readonly string[]>> {
  if (OPEN_PATHS.has(path)) return [];
  if (ANALYTICS_PATHS.has(path)) return analyticsProtected ? ANALYTICS_TOKEN : [];
  if (SESSION_PATHS.has(path) || mode === 'required') return SESSION;
  return SESSION_OR_ANONYMOUS;
}
