import { describe, expect, it } from 'vitest';
import { BudgetTooSmallError } from './plan-generator';

describe('BudgetTooSmallError', () => {
  it('carries a code, the destination and the minimum budget', () => {
    const error = new BudgetTooSmallError('Paris', 150, 812);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BudgetTooSmallError');
    expect(error.code).toBe('BUDGET_TOO_SMALL');
    expect(error.destination).toBe('Paris');
    expect(error.minimumBudget).toBe(812);
    expect(error.message).toBe('budget 150 is too small for a trip to Paris: the minimum is 812 USD');
  });
});
