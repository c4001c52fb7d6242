import { describe, expect, it } from 'vitest';
import { createTaskLimiter } from './task-limiter';
import { createWakeSignal } from './wake-signal';

describe('the wake signal', () => {
  it('keeps a wake that came before the wait', async () => {
    const signal = createWakeSignal();
    signal.wake();
    await signal.wait();
    let woke = false;
    void signal.wait(10_000).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    signal.wake();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(woke).toBe(true);
  });

  it('ends a timed wait on time', async () => {
    const started = Date.now();
    await createWakeSignal().wait(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('the task limiter', () => {
  it('never runs more than its limit at once, and runs them all', async () => {
    const limiter = createTaskLimiter(3);
    let running = 0;
    let most = 0;
    let finished = 0;
    for (let i = 0; i < 10; i++) {
      await limiter.run(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        finished++;
      });
    }
    await limiter.settled();
    expect(most).toBe(3);
    expect(finished).toBe(10);
  });
});
