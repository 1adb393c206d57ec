// The set checker on hand-made histories: it must be able to fail, or the crash scenarios prove nothing.
import { describe, expect, it } from 'vitest';
import { type Attempt, checkSet, type StoredRow } from './harness/set-checker';

const ok = (requestId: string, key: string, planId: string): Attempt => ({
  requestId,
  idempotencyKey: key,
  outcome: 'ok',
  planId,
});
const failed = (requestId: string, key: string, outcome: 'fail' | 'timeout' = 'fail'): Attempt => ({
  requestId,
  idempotencyKey: key,
  outcome,
});
const row = (planId: string, key: string | null): StoredRow => ({ planId, idempotencyKey: key });

describe('set checker', () => {
  it('accepts a history whose every acknowledged plan was read back', () => {
    const check = checkSet(
      [ok('r1', 'k1', 'p1'), failed('r2', 'k2'), ok('r3', 'k2', 'p2'), failed('r4', 'k3', 'timeout')],
      [row('p1', 'k1'), row('p2', 'k2')],
    );
    expect(check).toMatchObject({
      attempted: 3,
      acknowledged: 2,
      found: 2,
      failedAttempts: 1,
      timedOutAttempts: 1,
    });
    expect([check.lost, check.unexpected, check.recovered, check.duplicates]).toEqual([[], [], [], []]);
  });

  it('reports an acknowledged plan missing from the read as lost', () => {
    const check = checkSet([ok('r1', 'k1', 'p1'), ok('r2', 'k2', 'p2')], [row('p1', 'k1')]);
    expect(check.lost).toEqual(['k2']);
  });

  it('reports a key read back with another plan than the acknowledged one as lost', () => {
    const check = checkSet([ok('r1', 'k1', 'p1')], [row('p9', 'k1')]);
    expect(check.lost).toEqual(['k1']);
  });

  it('counts a plan that committed although its answer failed as recovered, not lost', () => {
    const check = checkSet([failed('r1', 'k1', 'timeout')], [row('p1', 'k1')]);
    expect(check).toMatchObject({ acknowledged: 0, found: 1, recovered: ['k1'], lost: [] });
  });

  it('reports rows nobody asked for as unexpected', () => {
    const check = checkSet([ok('r1', 'k1', 'p1')], [row('p1', 'k1'), row('p2', 'k-other'), row('p3', null)]);
    expect(check.unexpected).toEqual(['p2', 'p3']);
  });

  it('reports a key stored twice, or acknowledged with two plans, as a duplicate', () => {
    const storedTwice = checkSet([ok('r1', 'k1', 'p1')], [row('p1', 'k1'), row('p2', 'k1')]);
    expect(storedTwice.duplicates).toEqual(['k1']);
    const ackedTwice = checkSet([ok('r1', 'k1', 'p1'), ok('r2', 'k1', 'p2')], [row('p1', 'k1')]);
    expect(ackedTwice.duplicates).toEqual(['k1']);
    expect(ackedTwice.lost).toEqual(['k1']);
  });

  it('notices a request id used twice', () => {
    expect(checkSet([failed('r1', 'k1'), ok('r1', 'k1', 'p1')], [row('p1', 'k1')]).reusedRequestIds).toBe(1);
  });
});
