/** Repeated timings of one thing: the median with the spread (min and max) around it. */
export interface RunSummary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Many short timings: the median and the tail. */
export interface LatencySummary {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  samples: number;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no samples');
  const ordered = sorted(values);
  return ordered[Math.min(ordered.length - 1, Math.floor(q * ordered.length))]!;
}

export function summarizeRuns(values: readonly number[]): RunSummary {
  const ordered = sorted(values);
  return { median: quantile(ordered, 0.5), min: ordered[0]!, max: ordered.at(-1)!, runs: ordered.length };
}

export function summarizeLatency(valuesMs: readonly number[]): LatencySummary {
  return {
    medianMs: quantile(valuesMs, 0.5),
    p95Ms: quantile(valuesMs, 0.95),
    maxMs: Math.max(...valuesMs),
    samples: valuesMs.length,
  };
}

/** Runs `measure` `times` times, one after another, and summarizes each named figure it returns. */
export async function repeat<K extends string>(
  times: number,
  measure: (run: number) => Promise<Record<K, number>>,
): Promise<Record<K, RunSummary>> {
  const samples = new Map<K, number[]>();
  for (let run = 0; run < times; run++) {
    for (const [key, value] of Object.entries(await measure(run)) as Array<[K, number]>) {
      samples.set(key, [...(samples.get(key) ?? []), value]);
    }
  }
  return Object.fromEntries([...samples].map(([key, values]) => [key, summarizeRuns(values)])) as Record<K, RunSummary>;
}
