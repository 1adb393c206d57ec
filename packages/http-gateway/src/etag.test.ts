import { describe, expect, it } from 'vitest';
import { etagFromIfMatch, toEtagHeader } from './etag';

describe('etag', () => {
  it('quotes a plan etag and reads it back from If-Match', () => {
    expect(toEtagHeader('7')).toBe('"7"');
    expect(etagFromIfMatch('"7"')).toBe('7');
    expect(etagFromIfMatch(' "12" ')).toBe('12');
  });

  it.each([undefined, '', '  ', '*'])('requires a version: %j is 428', (header) => {
    expect(() => etagFromIfMatch(header)).toThrow(
      expect.objectContaining({ code: 'PRECONDITION_REQUIRED', statusCode: 428 }),
    );
  });

  it.each(['W/"7"', '7', '"07"', '"0"', '"7", "8"', '"abc"', '"99999999999"'])(
    'fails %s as a precondition (412)',
    (header) => {
      expect(() => etagFromIfMatch(header)).toThrow(
        expect.objectContaining({ code: 'ABORTED', statusCode: 412 }),
      );
    },
  );
});
