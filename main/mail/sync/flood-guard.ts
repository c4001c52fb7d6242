/** More unsolicited responses than this within `windowMs` is a flood, not news. */
export interface FloodLimit {
  responses: number;
  windowMs: number;
}

// A real burst (another client marking a large folder read) can reach thousands; a flood reaches
// that within milliseconds, while it already holds the engine thread for every account.
export const defaultFloodLimit: FloodLimit = { responses: 1_000, windowMs: 5_000 };

export const floodedReason =
  'The mail server sent a flood of updates; Harbor Mail disconnected from it and waits before signing in again.';

/**
 * Counts one session's unsolicited responses (new mail, flag changes, expunges) in fixed windows;
 * `seen()` answers true once the count of the current window passes the limit.
 */
export function createFloodGuard(limit: FloodLimit = defaultFloodLimit, now: () => number = Date.now) {
  let windowStart = -Infinity;
  let count = 0;
  return {
    seen(): boolean {
      const at = now();
      if (at - windowStart >= limit.windowMs) {
        windowStart = at;
        count = 0;
      }
      count += 1;
      return count > limit.responses;
    },
  };
}
