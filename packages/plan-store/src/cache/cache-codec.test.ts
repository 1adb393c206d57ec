import { describe, expect, it } from 'vitest';
import type { Plan } from '../plans/plan';
import { pageCodec, planCodec } from './cache-codec';

const plan: Plan = {
  id: '6f1c1f9e-0c39-4c5e-9a5e-1f2d3c4b5a69',
  userWallet: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
  destination: 'Paris',
  budget: 2000,
  planData: { nested: { list: [1, 'two', null, true] }, unicode: 'Zürich ✈' },
  status: 'confirmed',
  createdAt: new Date('2026-11-30T13:00:00.123Z'),
  updatedAt: new Date('2026-11-30T13:05:00.456Z'),
  version: 3,
};

describe('cache codecs', () => {
  it('round-trip a plan with real Date fields', () => {
    const decoded = planCodec.decode(planCodec.encode(plan));
    expect(decoded).toEqual(plan);
    expect(decoded.createdAt).toBeInstanceOf(Date);
  });

  it('round-trip a page with and without a cursor', () => {
    const page = { plans: [plan, { ...plan, id: 'x', status: 'generated' as const }], nextCursor: 'abc' };
    expect(pageCodec.decode(pageCodec.encode(page))).toEqual(page);
    expect(pageCodec.decode(pageCodec.encode({ plans: [] }))).toEqual({ plans: [] });
  });
});
