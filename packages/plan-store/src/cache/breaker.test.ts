import { describe, expect, it } from 'vitest';
import { type BreakerState, createBreaker } from './breaker';

function setup() {
  let clock = 0;
  const changes: BreakerState[] = [];
  const breaker = createBreaker({
    failureThreshold: 3,
    openMs: 1000,
    now: () => clock,
    onChange: (state) => changes.push(state),
  });
  return { breaker, changes, advance: (ms: number) => (clock += ms) };
}

describe('createBreaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { breaker, changes } = setup();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.isClosed()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('forgets failures separated by a success', () => {
    const { breaker } = setup();
    for (let i = 0; i < 10; i++) {
      breaker.recordFailure();
      breaker.recordFailure();
      breaker.recordSuccess();
    }
    expect(breaker.isClosed()).toBe(true);
  });

  it('hands out one probe after the open period, and a successful probe closes it', () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(999);
    expect(breaker.takeProbe()).toBe(false);
    advance(1);
    expect(breaker.takeProbe()).toBe(true);
    expect(breaker.takeProbe()).toBe(false);
    expect(breaker.state).toBe('half-open');
    breaker.recordSuccess();
    expect(breaker.isClosed()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for another full period when the probe fails', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.recordFailure();
    advance(1000);
    expect(breaker.takeProbe()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    advance(500);
    expect(breaker.takeProbe()).toBe(false);
    advance(500);
    expect(breaker.takeProbe()).toBe(true);
  });
});
