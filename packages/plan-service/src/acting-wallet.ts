import { checkedWallet } from './request-checks';
import type { CallContext } from './unary';

/**
 * The wallet a call acts for, in its stored (lowercase) form: the signed-in session's wallet when
 * the call carries one (a `user_wallet` naming another wallet is then PERMISSION_DENIED), else the
 * caller's claim in `user_wallet`. Throws INVALID_ARGUMENT naming `field` when it is missing or
 * malformed.
 */
export function actingWallet(claimed: string, context: CallContext, field = 'user_wallet'): string {
  return checkedWallet(context.actingWallet(claimed, field), field);
}
