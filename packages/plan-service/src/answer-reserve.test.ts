import { describe, expect, it } from 'vitest';
import { AnswerReserve } from './answer-reserve';

describe(AnswerReserve.name, () => {
  it('keeps the floor until answers were measured, and nothing when the floor is 0', () => {
    expect(new AnswerReserve(25).ms(0)).toBe(25);
    const off = new AnswerReserve(0);
    off.record(500, 0);
    expect(off.ms(0)).toBe(0);
  });

  it('keeps twice the 90th percentile of recent answers, never less than the floor', () => {
    const reserve = new AnswerReserve(25);
    for (let i = 1; i <= 10; i++) reserve.record(i * 10, 0); // 10 … 100 ms
    expect(reserve.ms(0)).toBe(200); // 2 × 100
    const fast = new AnswerReserve(25);
    for (let i = 0; i < 10; i++) fast.record(2, 0);
    expect(fast.ms(0)).toBe(25);
  });

  it('forgets answers older than 5 s, so the reserve falls back when nothing commits', () => {
    const reserve = new AnswerReserve(25);
    reserve.record(300, 0);
    expect(reserve.ms(4_000)).toBe(600);
    expect(reserve.ms(6_000)).toBe(25);
  });

  it('answers from its last estimate for 25 ms, then looks again', () => {
    const reserve = new AnswerReserve(25);
    reserve.record(100, 0);
    expect(reserve.ms(0)).toBe(200);
    reserve.record(400, 10);
    expect(reserve.ms(20)).toBe(200);
    expect(reserve.ms(25)).toBe(800);
  });

  it('counts only the last 64 answers', () => {
    const reserve = new AnswerReserve(1);
    reserve.record(1_000, 0);
    for (let i = 0; i < 64; i++) reserve.record(10, 0);
    expect(reserve.ms(0)).toBe(20);
  });
});
