import { checksumAddress } from 'viem';
import { RULE_MESSAGES, WALLET_PATTERN } from './limits';

const ADDRESS = new RegExp(WALLET_PATTERN);

/** Why a wallet address was refused, or `undefined` when it is acceptable. */
export function walletProblem(wallet: string): string | undefined {
  if (!ADDRESS.test(wallet)) return RULE_MESSAGES.wallet;
  const hex = wallet.slice(2);
  // All-lowercase and all-uppercase are the plain, unchecksummed forms (EIP-55); mixed case is a
  // checksum and must be the right one, which catches most typos.
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return undefined;
  if (checksumAddress(wallet.toLowerCase() as `0x${string}`) !== wallet) {
    return RULE_MESSAGES.walletChecksum;
  }
  return undefined;
}

/**
 * Returns the address in its stored form (lowercase), so lookups do not depend on letter case.
 * Call only after {@link walletProblem} returned `undefined`.
 */
export function normalizeWallet(wallet: string): string {
  return wallet.toLowerCase();
}
