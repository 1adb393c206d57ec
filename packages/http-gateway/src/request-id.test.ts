import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isValidRequestId, requestIdFor } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function request(headers: Record<string, unknown>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe(requestIdFor.name, () => {
  it('keeps a valid incoming id', () => {
    expect(requestIdFor(request({ 'x-request-id': 'trace-1.a_B' }))).toBe('trace-1.a_B');
    expect(requestIdFor(request({ 'x-request-id': 'a'.repeat(128) }))).toBe('a'.repeat(128));
  });

  it('replaces a missing, long or unsafe id with a UUID', () => {
    for (const value of [undefined, '', 'a'.repeat(129), 'has space', 'new\nline', 'ü', ['a', 'b']]) {
      expect(requestIdFor(request({ 'x-request-id': value }))).toMatch(UUID);
    }
    expect(isValidRequestId(42)).toBe(false);
  });
});
