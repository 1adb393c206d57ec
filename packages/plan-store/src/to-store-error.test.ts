import knex from 'knex';
import { describe, expect, it } from 'vitest';
import { PlanNotFoundError, StoreInternalError, StoreTimeoutError, StoreUnavailableError } from './errors';
import { toStoreError } from './to-store-error';

const { KnexTimeoutError } = knex;

function withCode(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

describe('toStoreError', () => {
  it('passes store errors through', () => {
    const error = PlanNotFoundError.byId('x');
    expect(toStoreError(error)).toBe(error);
  });

  it.each([
    ['refused connections', withCode('ECONNREFUSED')],
    ['reset connections', withCode('ECONNRESET')],
    ['terminated backends', withCode('57P01')],
    ['a server starting up', withCode('57P03')],
    ['too many connections', withCode('53300')],
    ['connection exceptions', withCode('08006')],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new KnexTimeoutError('Knex: Timeout acquiring a connection')],
    ['a wrapped cause', new Error('outer', { cause: withCode('ECONNREFUSED') })],
  ])('maps %s to StoreUnavailableError', (_, error) => {
    const mapped = toStoreError(error);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.cause).toBe(error);
  });

  it('maps a cancelled statement to StoreTimeoutError', () => {
    expect(toStoreError(withCode('57014'))).toBeInstanceOf(StoreTimeoutError);
  });

  it('names the field a CHECK constraint guards', () => {
    const raw = Object.assign(new Error('new row violates check constraint'), {
      code: '23514',
      constraint: 'plans_budget_positive',
    });
    expect(toStoreError(raw)).toMatchObject({ code: 'PLAN_VALIDATION', field: 'budget' });
  });

  it('hides anything else behind a generic message, keeping the cause', () => {
    const raw = withCode('42P01', 'relation "plans" does not exist in select * from plans');
    const mapped = toStoreError(raw);
    expect(mapped).toBeInstanceOf(StoreInternalError);
    expect(mapped.message).toBe('unexpected database error');
    expect(mapped.cause).toBe(raw);
  });
});
