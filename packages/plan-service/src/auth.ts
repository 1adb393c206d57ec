import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

const BEARER = /^Bearer\s+(.+)$/i;

// Hashing first gives both sides the same length, which timingSafeEqual needs, without leaking
// the token's length through an early return.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * A check that a presented secret equals `token`. The comparison takes the same time whatever
 * was presented, so the token cannot be guessed byte by byte.
 */
export function createTokenMatcher(token: string): (presented: string | undefined) => boolean {
  const expected = digest(token);
  // Compare even when nothing was presented, so a missing secret costs the same as a wrong one.
  return (presented) => timingSafeEqual(digest(presented ?? ''), expected) && presented !== undefined;
}

/** A check that call metadata carries `authorization: Bearer <token>` for this token. */
export function createBearerCheck(token: string): (metadata: Metadata) => boolean {
  const matches = createTokenMatcher(token);
  return (metadata) => {
    const [value] = metadata.get('authorization');
    return matches(typeof value === 'string' ? BEARER.exec(value.trim())?.[1] : undefined);
  };
}

/** The metadata key that carries the analytics token. */
export const ANALYTICS_TOKEN_KEY = 'x-analytics-token';

/** A check that call metadata carries `x-analytics-token: <token>` for this token. */
export function createAnalyticsTokenCheck(token: string): (metadata: Metadata) => boolean {
  const matches = createTokenMatcher(token);
  return (metadata) => {
    const [value] = metadata.get(ANALYTICS_TOKEN_KEY);
    return matches(typeof value === 'string' ? value : undefined);
  };
}
