/** Messages per second over a sliding window, and the time left at that rate. */
export interface ProgressMeter {
  /** Adds `count` messages done at `now` (ms). */
  add(count: number, now: number): void;
  rate(now: number): number;
  etaSeconds(remaining: number, now: number): number | null;
}

export function createProgressMeter(windowMs = 10_000): ProgressMeter {
  const samples: { at: number; count: number }[] = [];
  let firstAt: number | null = null;
  const prune = (now: number) => {
    while ((samples[0]?.at ?? Infinity) < now - windowMs) samples.shift();
  };
  const rate = (now: number) => {
    prune(now);
    if (firstAt === null || samples.length === 0) return 0;
    const span = Math.max(1, Math.min(windowMs, now - firstAt));
    return (samples.reduce((sum, s) => sum + s.count, 0) * 1000) / span;
  };
  return {
    add(count, now) {
      firstAt ??= now;
      samples.push({ at: now, count });
    },
    rate,
    etaSeconds(remaining, now) {
      const perSecond = rate(now);
      return perSecond > 0 ? Math.ceil(remaining / perSecond) : null;
    },
  };
}
