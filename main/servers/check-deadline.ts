import { AppError } from '../../shared/errors';

/** How long a server check or an app-password check may take in all, whatever the server sends. */
export const serverCheckTimeoutMs = 30_000;

export type CheckKind = 'sign-in' | 'server check';

export interface CheckLimits {
  /** The whole check's deadline (default 30 s); bytes arriving from the server do not extend it. */
  timeoutMs?: number;
  /** The person's Cancel. */
  cancel?: AbortSignal;
}

const cancelledMessages: Record<CheckKind, string> = {
  'sign-in': 'The sign-in was cancelled; nothing was saved.',
  'server check': 'The server check was cancelled.',
};

function seconds(ms: number): string {
  const count = Math.max(1, Math.round(ms / 1000));
  return count === 1 ? '1 second' : `${count} seconds`;
}

/**
 * Runs one check against host:port under a deadline measured in time, not bytes (a server that
 * trickles garbage never extends it) and the person's Cancel. Either ends it at once with a plain
 * AppError, and aborts the signal `work` got so that it closes its connection.
 */
export async function withinDeadline<T>(
  target: { host: string; port: number },
  kind: CheckKind,
  limits: CheckLimits,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeoutMs = limits.timeoutMs ?? serverCheckTimeoutMs;
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => {
    const where = `${target.host}:${target.port}`;
    controller.abort(
      new AppError('TIMEOUT', `The server at ${where} did not answer the ${kind} within ${seconds(timeoutMs)}.`),
    );
  }, timeoutMs);
  const onCancel = () => controller.abort(new AppError('SIGN_IN_CANCELLED', cancelledMessages[kind]));
  if (limits.cancel?.aborted) onCancel();
  limits.cancel?.addEventListener('abort', onCancel, { once: true });
  try {
    signal.throwIfAborted();
    // Settles the check even when `work` is slow to notice the abort.
    const ended = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
    );
    return await Promise.race([work(signal), ended]);
  } finally {
    clearTimeout(timer);
    limits.cancel?.removeEventListener('abort', onCancel);
  }
}
