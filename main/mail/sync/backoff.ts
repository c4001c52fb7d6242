export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential with equal jitter,
 * half of min(max, base * 2^attempt) plus a random share of the other half. The random half keeps
 * clients that lost the same server from all coming back at the same moment; the fixed half keeps
 * the schedule from collapsing when the random draws are small.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

/** After a login failed or a session was lost: each spends a login at the provider. */
export const loginFailureBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** While the server refuses connections outright (no login is spent): back within seconds of its return. */
export const unreachableBackoff: BackoffPolicy = { baseMs: 500, maxMs: 2_000 };
