import { checkedWallet } from './request-checks';
import type { CallContext } from './unary';

/**
 * The wallet a call acts for, in its stored (lowercase) form. Today that is the caller's claim in
 * `user_wallet`, trusted as the rest of the API trusts it; this is the one place where a signed-in
 * session's wallet is to take over from the claim. Throws INVALID_ARGUMENT naming `field` when the
 * claim is missing or malformed.
 */
export function actingWallet(claimed: string, _context: CallContext, field = 'user_wallet'): string {
  return checkedWallet(claimed, field);
}
