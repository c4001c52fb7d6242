import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverCheckTimeoutMs, withinDeadline } from './check-deadline';

const target = { host: 'mail.example', port: 993 };
/** A check against a server that never finishes answering; it records the abort it was given. */
const endless = (seen: AbortSignal[]) => (signal: AbortSignal) => {
  seen.push(signal);
  return new Promise<never>(() => undefined);
};

afterEach(() => {
  vi.useRealTimers();
});

describe('withinDeadline', () => {
  it('gives a check 30 seconds by default, then ends it in plain words and aborts its connection', async () => {
    expect(serverCheckTimeoutMs).toBe(30_000);
    vi.useFakeTimers();
    const seen: AbortSignal[] = [];
    const outcome = withinDeadline(target, 'sign-in', {}, endless(seen)).catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(seen[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      message: 'The server at mail.example:993 did not answer the sign-in within 30 seconds.',
    });
    expect(seen[0]?.aborted).toBe(true);
  });

  it('takes another deadline, and names the server check', async () => {
    vi.useFakeTimers();
    const outcome = withinDeadline(target, 'server check', { timeoutMs: 3_000 }, endless([])).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await outcome).toMatchObject({
      code: 'TIMEOUT',
      message: 'The server at mail.example:993 did not answer the server check within 3 seconds.',
    });
  });

  it('ends at once when the person cancels, even before the check started', async () => {
    const cancel = new AbortController();
    const seen: AbortSignal[] = [];
    const outcome = withinDeadline(target, 'sign-in', { cancel: cancel.signal }, endless(seen));
    cancel.abort();
    await expect(outcome).rejects.toMatchObject({
      code: 'SIGN_IN_CANCELLED',
      message: 'The sign-in was cancelled; nothing was saved.',
    });
    expect(seen[0]?.aborted).toBe(true);

    const check = vi.fn(async () => 'never run');
    await expect(withinDeadline(target, 'server check', { cancel: cancel.signal }, check)).rejects.toMatchObject({
      code: 'SIGN_IN_CANCELLED',
      message: 'The server check was cancelled.',
    });
    expect(check).not.toHaveBeenCalled();
  });

  it('passes the result and the failure of a check through, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(withinDeadline(target, 'sign-in', {}, async () => 'done')).resolves.toBe('done');
    await expect(
      withinDeadline(target, 'sign-in', {}, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(vi.getTimerCount()).toBe(0);
  });
});
