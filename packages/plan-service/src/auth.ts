import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';

const BEARER = /^Bearer\s+(.+)$/i;

// Hashing first gives both sides the same length, which timingSafeEqual needs, without leaking
// the token's length through an early return.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * A check that call metadata carries `authorization: Bearer <token>` for this token. The
 * comparison takes the same time whatever the presented token, so it cannot be guessed byte by byte.
 */
export function createBearerCheck(token: string): (metadata: Metadata) => boolean {
  const expected = digest(token);
  return (metadata) => {
    const [value] = metadata.get('authorization');
    const presented = typeof value === 'string' ? BEARER.exec(value.trim())?.[1] : undefined;
    // Compare even when nothing was presented, so a missing header costs the same as a wrong one.
    const equal = timingSafeEqual(digest(presented ?? ''), expected);
    return presented !== undefined && equal;
  };
}
