import { describe, expect, it } from 'vitest';
import { createFloodGuard } from './flood-guard';

describe('flood guard', () => {
  it('lets a burst up to the limit through and calls the next response in the same window a flood', () => {
    let time = 0;
    const guard = createFloodGuard({ responses: 3, windowMs: 1_000 }, () => time);
    expect([guard.seen(), guard.seen(), guard.seen()]).toEqual([false, false, false]);
    time = 999;
    expect(guard.seen()).toBe(true);
  });

  it('starts counting again in a new window', () => {
    let time = 0;
    const guard = createFloodGuard({ responses: 2, windowMs: 1_000 }, () => time);
    guard.seen();
    guard.seen();
    time = 1_000;
    expect([guard.seen(), guard.seen(), guard.seen()]).toEqual([false, false, true]);
  });
});
