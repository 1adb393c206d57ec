// Security requirements of the OpenAPI document, added to every route's schema when the document
// is built (beside its operationId), so route schemas stay about requests and responses.

/** `AUTH_MODE` as the gateway documents it: whether plan endpoints need a session. */
export type GatewayAuthMode = 'optional' | 'required';

/** The security schemes of the document: the session as a bearer token or as the cookie. */
export const SECURITY_SCHEMES = {
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

const SESSION: ReadonlyArray<Record<string, readonly string[]>> = [{ bearerAuth: [] }, { sessionCookie: [] }];
// OpenAPI's empty requirement: anonymous calls are allowed too.
const SESSION_OR_ANONYMOUS = [...SESSION, {}];

// Open whatever the mode: probes, documentation and the sign-in itself.
const OPEN_PATHS = new Set(['/health', '/metrics', '/openapi.json', '/auth/nonce', '/auth/verify']);
const SESSION_PATHS = new Set(['/auth/session', '/auth/logout']);

/** The security requirement of a route: none for open paths, a session for the rest (optionally, in optional mode). */
export function securityOf(
  path: string,
  mode: GatewayAuthMode,
): ReadonlyArray<Record<string, readonly string[]>> {
  if (OPEN_PATHS.has(path)) return [];
  if (SESSION_PATHS.has(path) || mode === 'required') return SESSION;
  return SESSION_OR_ANONYMOUS;
}
