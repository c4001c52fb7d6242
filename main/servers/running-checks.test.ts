import { describe, expect, it } from 'vitest';
import { createRunningChecks } from './running-checks';

describe('running checks', () => {
  it('cancels every check running now, and says whether there was one', async () => {
    const checks = createRunningChecks();
    const signals: AbortSignal[] = [];
    const running = [1, 2].map(() =>
      checks.run(
        (cancel) =>
          new Promise((_, reject) => {
            signals.push(cancel);
            cancel.addEventListener('abort', () => reject(new Error('cancelled')));
          }),
      ),
    );
    expect(checks.cancel()).toBe(true);
    await Promise.all(running.map((check) => expect(check).rejects.toThrow('cancelled')));
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
    expect(checks.cancel()).toBe(false);
  });

  it('forgets a check once it ended', async () => {
    const checks = createRunningChecks();
    await expect(checks.run(async () => 'done')).resolves.toBe('done');
    expect(checks.cancel()).toBe(false);
  });
});
