export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential with full jitter, a
 * random share of min(max, base * 2^attempt), so many clients that lost the same server do not
 * all come back at the same moment.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** While the server refuses connections outright (no login is spent): back within seconds of its return. */
export const unreachableBackoff: BackoffPolicy = { baseMs: 500, maxMs: 3_000 };
