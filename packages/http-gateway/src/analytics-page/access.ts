import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** The cookie the page's login form sets. */
export const ANALYTICS_COOKIE = 'tp_analytics';
/** How long the page's login lasts, in seconds. */
export const ANALYTICS_COOKIE_MAX_AGE_S = 8 * 60 * 60;

const BEARER = /^Bearer\s+(.+)$/i;
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Who may read analytics: with `ANALYTICS_TOKEN` set, holders of the token or of the login cookie. */
export interface AnalyticsAccess {
  /** False when no token is configured: everyone may read. */
  readonly protected: boolean;
  /** Whether the request carries `Authorization: Bearer <token>` or the login cookie. */
  allows(request: FastifyRequest): boolean;
  /** Whether a token typed into the login form is the right one. */
  isToken(presented: unknown): boolean;
  /** The login cookie's value: a MAC of the token, so the cookie never holds the token itself. */
  readonly cookieValue: string;
}

/**
 * Compares in constant time (SHA-256 digests of both sides), so the token cannot be guessed byte
 * by byte. Rotating the token invalidates every login cookie.
 */
export function createAnalyticsAccess(token: string | undefined): AnalyticsAccess {
  if (token === undefined) {
    return { protected: false, allows: () => true, isToken: () => true, cookieValue: '' };
  }
  const expectedToken = digest(token);
  const cookieValue = createHmac('sha256', token).update('analytics-page-login').digest('base64url');
  const expectedCookie = digest(cookieValue);
  const same = (presented: unknown, expected: Buffer) =>
    timingSafeEqual(digest(typeof presented === 'string' ? presented : ''), expected) &&
    typeof presented === 'string';
  return {
    protected: true,
    cookieValue,
    isToken: (presented) => same(presented, expectedToken),
    allows(request) {
      const bearer = BEARER.exec(request.headers.authorization?.trim() ?? '')?.[1];
      if (bearer !== undefined) return same(bearer, expectedToken);
      return same(request.cookies[ANALYTICS_COOKIE], expectedCookie);
    },
  };
}
