import { describe, expect, it } from 'vitest';
import { backoffDelay, loginFailureBackoff } from './backoff';

describe('the wait before reconnecting', () => {
  it('doubles with each attempt', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, loginFailureBackoff, top))).toEqual([
      1_999, 3_999, 7_999, 15_999,
    ]);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(backoffDelay(10, loginFailureBackoff, () => 0.999_999)).toBe(299_999);
    expect(backoffDelay(5_000, loginFailureBackoff, () => 0.999_999)).toBe(299_999);
  });

  it('is at least half its ceiling, the rest random (equal jitter)', () => {
    expect(backoffDelay(3, loginFailureBackoff, () => 0)).toBe(8_000);
    expect(backoffDelay(3, loginFailureBackoff, () => 0.5)).toBe(12_000);
    expect(backoffDelay(5_000, loginFailureBackoff, () => 0)).toBe(150_000);
  });
});
