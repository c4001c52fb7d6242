import { AppError, isAppError } from '../../../shared/errors';
import { backoffDelay, loginFailureBackoff, unreachableBackoff, type BackoffPolicy } from './backoff';

export interface LoginPolicy {
  /** The wait after a failed login or a lost session, growing with each failure in a row. */
  failure: BackoffPolicy;
  /** The wait after a refused connection, which spent no login. */
  unreachable: BackoffPolicy;
  /**
   * A session that lived this long, or a failure this long after the retry was due, ends the
   * streak of failures: the account had been working.
   */
  stableMs: number;
  /** At most this many logins in any `windowMs`, whatever the backoff allows. */
  maxLogins: number;
  windowMs: number;
}

export const defaultLoginPolicy: LoginPolicy = {
  failure: loginFailureBackoff,
  unreachable: unreachableBackoff,
  stableMs: 30_000,
  maxLogins: 60,
  windowMs: 60 * 60_000,
};

export interface NextLogin {
  /** When the next login may go; not after now means at once. */
  at: number;
  /** The logins of the window are spent (else it is the backoff that waits). */
  capped: boolean;
}

/** One account's logins, shared by every session of the account. */
export interface LoginBudget {
  /** When the next login may go. `asked`: someone asked to retry now, which skips the backoff but not the cap. */
  next(asked?: boolean): NextLogin;
  /** Logs in now through `open` (the caller waited for next()): the login counts, and so does a failure to connect. */
  connect<T extends object>(open: () => Promise<T>): Promise<T>;
  /** For short sessions, which retry on their own: refused at once, as offline, while logins must wait. */
  connectIfAllowed<T extends object>(open: () => Promise<T>): Promise<T>;
  /** A session from connect() failed after logging in: lost, closed by the server, or a command failed. */
  lost(session: object): void;
}

export const tooManyLogins =
  'Harbor Mail signed in to this mail server too often in the past hour and waits before signing in again.';
export const keepsFailing = 'The mail server keeps failing; Harbor Mail waits before signing in again.';

/**
 * After any failure every session of the account waits (exponential backoff with jitter, up to a
 * ceiling); from the second failure in a row on, logins also go one at a time, each a backoff
 * after the last. A session that dies soon after its login is a failure like a refused one.
 */
export function createLoginBudget(
  options: { policy?: LoginPolicy; now?: () => number; random?: () => number } = {},
): LoginBudget {
  const policy = options.policy ?? defaultLoginPolicy;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  /** Start times of the logins in the current window, oldest first. */
  const logins: number[] = [];
  const loggedInAt = new WeakMap<object, number>();
  let streak = 0;
  let delay = 0;
  let retryAt = -Infinity;
  let lastLoginAt = -Infinity;
  let refusals = 0;
  let refusedRetryAt = -Infinity;
  /** The first login that worked after the last failure; null while none has. */
  let workingSince: number | null = null;

  const failed = (since: number | null) => {
    const at = now();
    workingSince = null;

    const fresh = (since !== null && at - since >= policy.stableMs) || at - retryAt >= policy.stableMs;
    streak = fresh ? 1 : streak + 1;
    delay = backoffDelay(streak - 1, policy.failure, random);
    retryAt = at + delay;
  };

  /** `spaced`: from the second failure in a row, this login also waits a backoff after the last one. */
  const allowedAt = (asked: boolean, spaced: boolean): NextLogin => {
    const at = now();
    // A login worked and nothing failed for as long as a session must live to count as stable: the
    // account works again, and its sessions no longer log in one after another.
    if (streak > 0 && workingSince !== null && at - workingSince >= policy.stableMs) streak = 0;
    while (logins.length > 0 && logins[0]! <= at - policy.windowMs) logins.shift();
    const backoffUntil = asked
      ? -Infinity
      : Math.max(refusedRetryAt, retryAt, spaced && streak >= 2 ? lastLoginAt + delay : -Infinity);
    const capUntil =
      logins.length >= policy.maxLogins ? logins[logins.length - policy.maxLogins]! + policy.windowMs : -Infinity;
    return { at: Math.max(at, backoffUntil, capUntil), capped: capUntil > at && capUntil >= backoffUntil };
  };
  const next = (asked = false) => allowedAt(asked, true);

  const connect = async <T extends object>(open: () => Promise<T>): Promise<T> => {
    const started = now();
    const previousLoginAt = lastLoginAt;
    logins.push(started);
    lastLoginAt = started;
    try {
      const session = await open();
      refusals = 0;
      refusedRetryAt = -Infinity;
      workingSince ??= now();
      loggedInAt.set(session, now());
      return session;
    } catch (error) {
      if (isAppError(error) && error.code === 'CONNECTION_FAILED') {
        // Refused or not found: no login reached the server.
        const index = logins.lastIndexOf(started);
        if (index >= 0) logins.splice(index, 1);
        lastLoginAt = previousLoginAt;
        refusedRetryAt = now() + backoffDelay(refusals++, policy.unreachable, random);
      } else {
        failed(null);
      }
      throw error;
    }
  };

  return {
    next,
    connect,
    // A short session (an action, a send, a draft) is not spaced after the sync's logins: it comes
    // from the person or follows the account's recovery, and it retries with its own backoff.
    connectIfAllowed(open) {
      const { at, capped } = allowedAt(false, false);
      if (at > now()) return Promise.reject(new AppError('CONNECTION_FAILED', capped ? tooManyLogins : keepsFailing));
      return connect(open);
    },
    lost(session) {
      failed(loggedInAt.get(session) ?? null);
    },
  };
}
