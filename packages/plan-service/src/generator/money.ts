// Money is handled in integer cents: binary floating point cannot hold most dollar-and-cent amounts
// exactly, and sums of them drift.

/** Converts a dollar amount to whole cents, rounding to the nearest cent. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/** Converts whole cents to a dollar number with at most two decimals. */
export function toDollars(cents: number): number {
  return cents / 100;
}

/** Computes the 2% platform fee on a total, in cents, rounding half a cent up. */
export function platformFeeCents(totalCents: number): number {
  // 2% is 1/50; integer division keeps the rounding exact.
  return Math.floor((totalCents + 25) / 50);
}

/** Computes what the traveller pays for a total in cents: the total plus the platform fee. */
export function grandTotalCents(totalCents: number): number {
  return totalCents + platformFeeCents(totalCents);
}

/** Finds the largest total, in cents, whose grand total (fee included) is at most the budget in cents. */
export function maxTotalCentsWithin(budgetCents: number): number {
  if (budgetCents <= 0) return 0;
  // total * 1.02 <= budget gives a close first guess; the fee's rounding can move the answer by a cent.
  let total = Math.floor((budgetCents * 50) / 51);
  while (grandTotalCents(total + 1) <= budgetCents) total += 1;
  while (total > 0 && grandTotalCents(total) > budgetCents) total -= 1;
  return total;
}

const USD = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Formats a dollar amount as `$1,234.56`. */
export function formatUsd(dollars: number): string {
  return USD.format(toCents(dollars) / 100);
}
