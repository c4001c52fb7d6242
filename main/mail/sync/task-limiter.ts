/**
 * Runs at most `max` tasks at once, and at most `maxBytes` of their declared bytes (a task larger
 * than that runs alone): run() waits until there is room, settled() for all to finish.
 */
export interface TaskLimiter {
  run(task: () => Promise<void>, bytes?: number): Promise<void>;
  settled(): Promise<void>;
}

export function createTaskLimiter(max: number, maxBytes = Infinity): TaskLimiter {
  const running = new Set<Promise<void>>();
  let bytesInFlight = 0;
  const full = (bytes: number) => running.size >= max || (running.size > 0 && bytesInFlight + bytes > maxBytes);
  return {
    async run(task, bytes = 0) {
      while (full(bytes)) await Promise.race(running);
      bytesInFlight += bytes;
      const started = task()
        .catch(() => undefined)
        .finally(() => {
          bytesInFlight -= bytes;
          running.delete(started);
        });
      running.add(started);
    },
    async settled() {
      await Promise.all(running);
    },
  };
}
