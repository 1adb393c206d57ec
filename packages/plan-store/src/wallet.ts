import { checksumAddress } from 'viem';

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Why a wallet address was refused, or `undefined` when it is acceptable. */
export function walletProblem(wallet: string): string | undefined {
  if (!ADDRESS.test(wallet)) return 'must be 0x followed by 40 hexadecimal digits';
  const hex = wallet.slice(2);
  // All-lowercase and all-uppercase are the plain, unchecksummed forms (EIP-55); mixed case is a
  // checksum and must be the right one, which catches most typos.
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return undefined;
  if (checksumAddress(wallet.toLowerCase() as `0x${string}`) !== wallet) {
    return 'has mixed case but is not a valid EIP-55 checksummed address';
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
