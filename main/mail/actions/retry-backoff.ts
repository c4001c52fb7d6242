const firstDelayMs = 2_000;
const longestDelayMs = 5 * 60_000;

/** How long to wait before the next attempt after `attempts` failed ones: 2 s doubling, at most 5 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(longestDelayMs, firstDelayMs * 2 ** Math.max(0, attempts - 1));
}
