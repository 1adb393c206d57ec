import { describe, expect, it } from 'vitest';
import { planServiceDeadlineMs, requestDeadlineMs } from './deadline';

describe(requestDeadlineMs.name, () => {
  it('uses the default without the header', () => {
    expect(requestDeadlineMs({}, 5000)).toBe(5000);
  });

  it('lets the header tighten the deadline but never extend it', () => {
    expect(requestDeadlineMs({ 'x-request-timeout-ms': 250 }, 5000)).toBe(250);
    expect(requestDeadlineMs({ 'x-request-timeout-ms': '1200' }, 5000)).toBe(1200);
    expect(requestDeadlineMs({ 'x-request-timeout-ms': 60_000 }, 5000)).toBe(5000);
  });

  it('ignores an invalid header', () => {
    for (const value of ['abc', '0', '-5', '1.5', '']) {
      expect(requestDeadlineMs({ 'x-request-timeout-ms': value }, 5000)).toBe(5000);
    }
  });
});

describe(planServiceDeadlineMs.name, () => {
  it("keeps the return trip out of plan-service's deadline, never going below 1 ms", () => {
    expect(planServiceDeadlineMs(5000, 10)).toBe(4990);
    expect(planServiceDeadlineMs(10, 10)).toBe(1);
    expect(planServiceDeadlineMs(3, 10)).toBe(1);
  });
});
