import { describe, expect, it } from 'vitest';
import { createProgressMeter } from './sync-progress';

describe('sync progress', () => {
  it('has no rate and no estimate before anything is done', () => {
    const meter = createProgressMeter();
    expect(meter.rate(0)).toBe(0);
    expect(meter.etaSeconds(100, 0)).toBeNull();
  });

  it('measures messages per second since the start', () => {
    const meter = createProgressMeter(10_000);
    meter.add(2_000, 1_000);
    meter.add(2_000, 2_000);
    // 4,000 messages in the 2 s since the first batch started counting.
    expect(meter.rate(3_000)).toBe(2_000);
    expect(meter.etaSeconds(10_000, 3_000)).toBe(5);
  });

  it('forgets batches older than its window', () => {
    const meter = createProgressMeter(1_000);
    meter.add(5_000, 0);
    meter.add(100, 4_500);
    expect(meter.rate(5_000)).toBe(100);
  });
});
