// Wallet addresses for tests: EIP-55's vectors, their lowercase forms, random and broken ones.
import { randomBytes } from 'node:crypto';
import type { Random } from './random';

/** EIP-55's own test vectors: valid checksummed (mixed-case) addresses. */
export const CHECKSUMMED_WALLETS = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
] as const;

/** The seed's wallet (DATABASE_SETUP.md's curl command). */
export const SEED_WALLET = '0x1234567890123456789012345678901234567890';

/** The first EIP-55 vector, checksummed and in the lowercase form the store keeps. */
export const WALLET_A_CHECKSUMMED = CHECKSUMMED_WALLETS[0];
export const WALLET_A = WALLET_A_CHECKSUMMED.toLowerCase();
/** A second owner, lowercase. */
export const WALLET_B = CHECKSUMMED_WALLETS[1].toLowerCase();

/**
 * A random wallet in lowercase, the plain form that needs no checksum; from `random` when a run
 * must be replayable from its seed.
 */
export function randomWallet(random?: Random): string {
  return `0x${random ? random.hex(40) : randomBytes(20).toString('hex')}`;
}

/**
 * A checksummed address with the case of one letter flipped: EIP-55 fixes the case of every letter,
 * so this is always a bad checksum.
 */
export function badChecksum(checksummed: string, random: Random): string {
  const letters = [...checksummed].flatMap((char, i) => (i > 1 && /[a-fA-F]/.test(char) ? [i] : []));
  const at = random.pick(letters);
  const char = checksummed[at]!;
  const flipped = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
  return `${checksummed.slice(0, at)}${flipped}${checksummed.slice(at + 1)}`;
}
