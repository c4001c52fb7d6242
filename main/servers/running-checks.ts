/** The server checks and app-password checks running now, so that the person's Cancel reaches them. */
export interface RunningChecks {
  run<T>(check: (cancel: AbortSignal) => Promise<T>): Promise<T>;
  /** Cancels every running check; false when none was running. */
  cancel(): boolean;
}

export function createRunningChecks(): RunningChecks {
  const running = new Set<AbortController>();
  return {
    async run(check) {
      const controller = new AbortController();
      running.add(controller);
      try {
        return await check(controller.signal);
      } finally {
        running.delete(controller);
      }
    },
    cancel() {
      const cancelled = running.size > 0;
      for (const controller of running) controller.abort();
      running.clear();
      return cancelled;
    },
  };
}
