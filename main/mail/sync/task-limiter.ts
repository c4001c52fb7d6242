/** Runs at most `max` tasks at once: run() waits for a free slot, settled() for all to finish. */
export interface TaskLimiter {
  run(task: () => Promise<void>): Promise<void>;
  settled(): Promise<void>;
}

export function createTaskLimiter(max: number): TaskLimiter {
  const running = new Set<Promise<void>>();
  return {
    async run(task) {
      while (running.size >= max) await Promise.race(running);
      const started = task()
        .catch(() => undefined)
        .finally(() => running.delete(started));
      running.add(started);
    },
    async settled() {
      await Promise.all(running);
    },
  };
}
