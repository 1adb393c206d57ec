import { describe, expect, it } from 'vitest';
import { sanitizeCause } from './log-cause';

describe(sanitizeCause.name, () => {
  it('keeps the driver message and PostgreSQL fields', () => {
    const driverError = Object.assign(new Error('relation "plans" does not exist'), {
      name: 'error',
      code: '42P01',
      routine: 'parserOpenTable',
      table: 'plans',
    });
    const wrapped = Object.assign(new Error('unexpected database error'), {
      name: 'StoreInternalError',
      code: 'STORE_INTERNAL',
      cause: driverError,
    });
    const chain = sanitizeCause(wrapped);
    expect(chain).toEqual([
      { name: 'StoreInternalError', code: 'STORE_INTERNAL', message: 'unexpected database error' },
      {
        name: 'error',
        code: '42P01',
        message: 'relation "plans" does not exist',
        routine: 'parserOpenTable',
        table: 'plans',
      },
    ]);
  });

  it('masks passwords and drops stack traces and extra lines', () => {
    const err = new Error(
      'connect failed for postgresql://travel_user:s3cret@db:5432/travel_planner\n    at Socket.x',
    );
    const [entry] = sanitizeCause(err);
    expect(entry?.message).toBe('connect failed for postgresql://travel_user:***@db:5432/travel_planner');
    expect(JSON.stringify(sanitizeCause(err))).not.toContain('s3cret');
    expect(Object.keys(entry ?? {})).not.toContain('stack');
  });

  it('follows knex nativeError and stops at cycles and at depth 5', () => {
    const a: Record<string, unknown> = { name: 'A', message: 'a' };
    const b = { name: 'B', message: 'b', nativeError: a };
    a.cause = b;
    expect(sanitizeCause(b).map((e) => e.name)).toEqual(['B', 'A']);
    let deep: unknown = new Error('bottom');
    for (let i = 0; i < 10; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(sanitizeCause(deep)).toHaveLength(5);
  });

  it('describes thrown non-errors', () => {
    expect(sanitizeCause('plain text')).toEqual([{ name: 'string', message: 'plain text' }]);
    expect(sanitizeCause(undefined)).toEqual([]);
  });
});
