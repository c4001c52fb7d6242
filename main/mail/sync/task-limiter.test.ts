import { describe, expect, it } from 'vitest';
import { createTaskLimiter } from './task-limiter';

/** A task that records how many bytes were in flight when it started, and ends when told. */
function tracked() {
  let inFlight = 0;
  const peaks: number[] = [];
  const ends: (() => void)[] = [];
  const task = (bytes: number) => () => {
    inFlight += bytes;
    peaks.push(inFlight);
    return new Promise<void>((resolve) =>
      ends.push(() => {
        inFlight -= bytes;
        resolve();
      }),
    );
  };
  return { task, peaks, endAll: () => ends.splice(0).forEach((end) => end()) };
}

describe('the task limiter', () => {
  it('keeps the bytes in flight under its budget, and lets a task larger than the budget run alone', async () => {
    const limiter = createTaskLimiter(100, 30);
    const { task, peaks, endAll } = tracked();
    const sizes = [20, 20, 40, 10, 10, 10];
    const started = (async () => {
      for (const bytes of sizes) await limiter.run(task(bytes), bytes);
    })();
    for (let i = 0; i < sizes.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      endAll();
    }
    await started;
    await limiter.settled();
    expect(peaks).toEqual([20, 20, 40, 10, 20, 30]);
  });

  it('still bounds the count', async () => {
    const limiter = createTaskLimiter(2);
    const { task, peaks, endAll } = tracked();
    const started = (async () => {
      for (let i = 0; i < 4; i++) await limiter.run(task(1));
    })();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(peaks).toEqual([1, 2]);
    endAll();
    await started;
    endAll();
    await limiter.settled();
  });
});
