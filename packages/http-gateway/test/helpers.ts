// The gateway tests' own fixtures; shared test support (the stack, wallets) is in test/support.

/** The sorted keys of an object, for exact shape comparisons. */
export function keys(value: unknown): string[] {
  return Object.keys(value as object).sort();
}
