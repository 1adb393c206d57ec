import { describe, expect, it } from 'vitest';
import { PlanValidationError } from '../errors';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  const position = { createdAt: '2026-11-24 20:15:01.123456+00', id: '8b9f0a3e-5d1c-4f7a-9e2b-1c3d5e7f9a01' };

  it('round-trips a position, keeping microseconds', () => {
    const token = encodeCursor(position);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64 json', 'garbage!'],
    ['wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['bad timestamp', Buffer.from(JSON.stringify(['yesterday', position.id])).toString('base64url')],
    ['bad id', Buffer.from(JSON.stringify([position.createdAt, "1' or 1=1"])).toString('base64url')],
    [
      'sql in timestamp',
      Buffer.from(JSON.stringify(["2026-01-01'); drop table plans;--", position.id])).toString('base64url'),
    ],
  ])('rejects %s as a cursor validation error', (_, token) => {
    expect(() => decodeCursor(token)).toThrow(PlanValidationError);
    try {
      decodeCursor(token);
    } catch (err) {
      expect((err as PlanValidationError).field).toBe('cursor');
    }
  });
});
