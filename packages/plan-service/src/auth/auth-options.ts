import { PlanServiceConfigError } from '../errors';

/** Whether plan methods need a signed-in session. */
export type AuthMode = 'optional' | 'required';

/** Sign-In with Ethereum settings of the service. */
export interface AuthOptions {
  /**
   * `optional` (default): a session, when presented, must be valid and binds the acting wallet, but
   * a call without one is served on the wallet it claims. `required`: every PlanService call needs
   * a session. Env `AUTH_MODE`.
   */
  mode: AuthMode;
  /** Authorities (`host[:port]`) a sign-in message's `domain` and `uri` must name. Env `AUTH_DOMAINS`. */
  domains: readonly string[];
  /** Chain ids a sign-in message may name. Env `AUTH_CHAIN_IDS`, default `[1]`. */
  chainIds: readonly number[];
  /** Session lifetime in seconds (capped by the message's expiration time). Env `AUTH_SESSION_TTL_S`, default 604800. */
  sessionTtlS: number;
  /**
   * JSON-RPC endpoint for smart-contract wallets (ERC-1271/6492). Unset (default): only EOA
   * signatures verify, by recovery, offline. Env `AUTH_RPC_URL`.
   */
  rpcUrl?: string;
  /** How often expired nonces and sessions are deleted, in ms. Default 15 minutes. */
  cleanupIntervalMs: number;
}

/** Defaults of {@link AuthOptions}. */
export const AUTH_DEFAULTS: Readonly<AuthOptions> = Object.freeze({
  mode: 'optional',
  domains: Object.freeze(['localhost:3000', 'localhost:8000']),
  chainIds: Object.freeze([1]),
  sessionTtlS: 604_800,
  cleanupIntervalMs: 15 * 60_000,
});

// An RFC 3986 authority without user info: a host name, IPv4 or [IPv6], and an optional port.
const AUTHORITY =
  /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** Whether `value` is a `host[:port]` authority as AUTH_DOMAINS takes it (lowercase). */
export function isAuthority(value: string): boolean {
  return AUTHORITY.test(value);
}

/** Merges `input` over {@link AUTH_DEFAULTS} and checks it; throws `PlanServiceConfigError` naming the option. */
export function resolveAuthOptions(input: Partial<AuthOptions> = {}): AuthOptions {
  const options: AuthOptions = { ...AUTH_DEFAULTS, ...input };
  if (options.mode !== 'optional' && options.mode !== 'required')
    throw new PlanServiceConfigError('auth.mode', 'must be optional or required');
  if (options.domains.length === 0 || !options.domains.every(isAuthority))
    throw new PlanServiceConfigError('auth.domains', 'must be lowercase host[:port] authorities');
  if (options.chainIds.length === 0 || !options.chainIds.every((id) => Number.isSafeInteger(id) && id > 0))
    throw new PlanServiceConfigError('auth.chainIds', 'must be positive whole numbers');
  for (const [name, value] of [
    ['auth.sessionTtlS', options.sessionTtlS],
    ['auth.cleanupIntervalMs', options.cleanupIntervalMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new PlanServiceConfigError(name, 'must be a positive whole number');
  }
  if (options.rpcUrl !== undefined && !/^https?:\/\/\S+$/.test(options.rpcUrl))
    throw new PlanServiceConfigError('auth.rpcUrl', 'must be an http(s) URL');
  return options;
}
