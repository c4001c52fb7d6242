import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from './backoff';

describe('the wait before reconnecting', () => {
  it('doubles its ceiling with each attempt', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, defaultBackoff, top))).toEqual([999, 1999, 3999, 7999]);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(backoffDelay(10, defaultBackoff, () => 0.999_999)).toBe(59_999);
    expect(backoffDelay(5_000, defaultBackoff, () => 0.999_999)).toBe(59_999);
  });

  it('takes a random share of the ceiling (full jitter)', () => {
    expect(backoffDelay(3, defaultBackoff, () => 0)).toBe(0);
    expect(backoffDelay(3, defaultBackoff, () => 0.5)).toBe(4_000);
  });
});
