import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { corsOriginMatchers } from '../cors-origins';
import { GatewayError } from '../errors';

/** The cookie that carries a browser's session token (HttpOnly, SameSite=Lax, Secure over HTTPS). */
export const SESSION_COOKIE = 'tp_session';

/** Where a request's session token came from. */
export type SessionSource = 'bearer' | 'cookie';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's session token: `Authorization: Bearer <token>`, else the `tp_session` cookie. Secret. */
    sessionToken: string | undefined;
    /** Where {@link FastifyRequest.sessionToken} came from. */
    sessionSource: SessionSource | undefined;
  }
}

/** Options of {@link sessionPlugin}. */
export interface SessionPluginOptions {
  /** The CORS allow-list: the only origins whose cookie-authenticated requests may change state. */
  corsOrigins: readonly string[];
}

const BEARER = /^Bearer(?:\s+(\S*))?\s*$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The origin a browser says the request comes from: Origin, else the origin of the Referer.
function requestOrigin(request: FastifyRequest): string | undefined {
  const { origin, referer } = request.headers;
  if (typeof origin === 'string') return origin;
  if (typeof referer !== 'string') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** Sets the session cookie for `token` until `expiresAt`. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: expiresAt,
  });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
  });
}

const session: FastifyPluginAsync<SessionPluginOptions> = async (app, { corsOrigins }) => {
  await app.register(cookie);
  // The same matchers as CORS; `*` switches CORS credentials off, so it trusts no origin with the cookie.
  const matchers = corsOriginMatchers(corsOrigins.filter((origin) => origin !== '*'));
  const trusted = (origin: string) =>
    matchers.some((matcher) => (typeof matcher === 'string' ? matcher === origin : matcher.test(origin)));
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('sessionSource', undefined);

  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    const bearer = typeof authorization === 'string' ? BEARER.exec(authorization) : null;
    if (bearer) {
      // `Bearer` with nothing after it is a presented, invalid credential: plan-service answers 401.
      request.sessionToken = bearer[1] ?? '';
      request.sessionSource = 'bearer';
      return;
    }
    const fromCookie = request.cookies[SESSION_COOKIE];
    if (fromCookie === undefined) return;
    request.sessionToken = fromCookie;
    request.sessionSource = 'cookie';
    // A browser attaches the cookie to requests any site makes; only allowed origins may use it to
    // change state. A request with neither Origin nor Referer is not a browser's cross-site request.
    const origin = requestOrigin(request);
    if (!SAFE_METHODS.has(request.method) && origin !== undefined && !trusted(origin))
      throw GatewayError.crossSiteRequest();
  });

  // RFC 6750 §3: a 401 names the scheme, and says the token was invalid when one was presented.
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 401) return;
    reply.header(
      'www-authenticate',
      request.sessionToken === undefined
        ? 'Bearer realm="travel-planner"'
        : 'Bearer realm="travel-planner", error="invalid_token"',
    );
    // A browser need not keep sending a cookie that no longer opens a session.
    if (request.sessionSource === 'cookie') clearSessionCookie(request, reply);
  });
};

/**
 * Reads the session of each request (`Authorization: Bearer`, else the `tp_session` cookie),
 * refuses cookie-authenticated state changes from origins outside the CORS allow-list (403), and
 * adds `WWW-Authenticate` to every 401.
 */
export const sessionPlugin = fp(session, { name: 'session', fastify: '5.x' });
