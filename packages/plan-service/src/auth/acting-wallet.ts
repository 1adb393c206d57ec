import {
  normalizeWallet,
  PlanValidationError,
  type Session,
  walletProblem,
} from '@travel-planner/plan-store';
import { CallRejectedError } from '../errors';

/**
 * The wallet acting for a call. With a session it is the session's wallet: a request that names
 * another one is refused (WALLET_MISMATCH, PERMISSION_DENIED), and one that names none acts as
 * the session's. Without a session (AUTH_MODE=optional) it is the wallet the request claims, as
 * given, possibly empty: the handler's own validation applies to it.
 * @param field the request field that carried `claimed`, named in refusals
 */
export function actingWallet(session: Session | undefined, claimed: string, field = 'user_wallet'): string {
  if (session === undefined || claimed === '') return session?.wallet ?? claimed;
  const problem = walletProblem(claimed);
  if (problem !== undefined) throw new PlanValidationError(field, problem);
  if (normalizeWallet(claimed) !== session.wallet) throw CallRejectedError.walletMismatch(field);
  return session.wallet;
}
