import { describe, expect, it } from 'vitest';
import { normalizeWallet, walletProblem } from './wallet';

// EIP-55's own test vectors.
const VECTORS = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

describe('walletProblem', () => {
  it.each(VECTORS)('accepts the checksummed vector %s and stores it lowercase', (address) => {
    expect(walletProblem(address)).toBeUndefined();
    expect(normalizeWallet(address)).toBe(address.toLowerCase());
  });

  it('accepts the plain all-lowercase and all-uppercase forms', () => {
    expect(walletProblem(VECTORS[0]!.toLowerCase())).toBeUndefined();
    expect(walletProblem(`0x${VECTORS[0]!.slice(2).toUpperCase()}`)).toBeUndefined();
  });

  it.each([
    ['too short', '0x1234'],
    ['41 hex digits', `0x${'a'.repeat(41)}`],
    ['39 hex digits', `0x${'a'.repeat(39)}`],
    ['no prefix', 'a'.repeat(42)],
    ['uppercase prefix', `0X${'a'.repeat(40)}`],
    ['not hex', `0x${'g'.repeat(40)}`],
    ['surrounding space', ` 0x${'a'.repeat(40)}`],
  ])('refuses %s', (_, address) => {
    expect(walletProblem(address)).toMatch(/40 hexadecimal digits/);
  });

  it('refuses every single-letter case flip of a checksummed address', () => {
    for (const address of VECTORS) {
      for (let i = 2; i < address.length; i++) {
        const c = address[i]!;
        if (!/[a-fA-F]/.test(c)) continue;
        const flipped =
          address.slice(0, i) +
          (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) +
          address.slice(i + 1);
        const rest = flipped.slice(2);
        if (rest === rest.toLowerCase() || rest === rest.toUpperCase()) continue; // became a plain form
        expect(walletProblem(flipped), flipped).toMatch(/EIP-55/);
      }
    }
  });

  it('lets through at most 0.05% of random one-character typos of checksummed addresses', () => {
    // Deterministic pseudo-random walk so the figure is reproducible.
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const hex = '0123456789abcdefABCDEF';
    let accepted = 0;
    const trials = 10_000;
    for (let t = 0; t < trials; t++) {
      const address = VECTORS[t % VECTORS.length]!;
      const i = 2 + (next() % 40);
      let replacement = address[i]!;
      while (replacement.toLowerCase() === address[i]!.toLowerCase()) replacement = hex[next() % hex.length]!;
      const typo = address.slice(0, i) + replacement + address.slice(i + 1);
      if (walletProblem(typo) === undefined) accepted++;
    }
    expect(accepted / trials).toBeLessThanOrEqual(0.0005);
  });
});
