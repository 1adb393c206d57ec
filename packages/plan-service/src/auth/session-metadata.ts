import type { Metadata } from '@grpc/grpc-js';

/** The metadata key of a signed-in user's session token (`authorization` stays the service's own token). */
export const SESSION_TOKEN_KEY = 'x-session-token';

/** The session token a call carries, `undefined` when it carries none. An empty value is carried (and invalid). */
export function sessionTokenOf(metadata: Metadata): string | undefined {
  const [value] = metadata.get(SESSION_TOKEN_KEY);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : '';
}
