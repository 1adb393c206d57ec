import { describe, expect, it } from 'vitest';
import {
  formatUsd,
  grandTotalCents,
  maxTotalCentsWithin,
  platformFeeCents,
  toCents,
  toDollars,
} from './money';

describe('money', () => {
  it('converts dollars to whole cents without floating point drift', () => {
    expect(toCents(0.29)).toBe(29);
    expect(toCents(1234.56)).toBe(123456);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(toDollars(123456)).toBe(1234.56);
  });

  it('charges 2% rounded to the nearest cent, half a cent up', () => {
    expect(platformFeeCents(0)).toBe(0);
    expect(platformFeeCents(24)).toBe(0); // 0.48 cents
    expect(platformFeeCents(25)).toBe(1); // 0.5 cents
    expect(platformFeeCents(74)).toBe(1); // 1.48 cents
    expect(platformFeeCents(75)).toBe(2); // 1.5 cents
    expect(platformFeeCents(156800)).toBe(3136);
    expect(grandTotalCents(156800)).toBe(159936);
  });

  it('finds the largest total whose grand total fits the budget', () => {
    const wrong: number[] = [];
    for (let budget = 1; budget <= 30_000; budget += 1) {
      const total = maxTotalCentsWithin(budget);
      if (grandTotalCents(total) > budget || grandTotalCents(total + 1) <= budget) wrong.push(budget);
    }
    expect(wrong).toEqual([]);
    expect(maxTotalCentsWithin(0)).toBe(0);
    expect(maxTotalCentsWithin(102_000)).toBe(100_000);
  });

  it('formats dollars as $1,234.56', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1_000_000)).toBe('$1,000,000.00');
    expect(formatUsd(0.1 + 0.2)).toBe('$0.30');
  });
});
