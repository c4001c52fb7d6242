export interface PassLoop {
  /** Runs a pass now, or once more after the one under way. */
  wake(): void;
  /** Resolves when the pass under way, if any, is over. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Passes over what is stored, one at a time; woken during a pass, it runs one more after it. A pass
 * returns how long until something it left for later falls due (null: nothing), and a timer wakes
 * the loop then.
 */
const failedPassRetryMs = 30_000;

export function createPassLoop(pass: () => Promise<number | null>, onFailed: (error: unknown) => void): PassLoop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let busy = false;
  let stopped = false;

  const loop: PassLoop = {
    wake() {
      if (stopped) return;
      again = true;
      if (busy) return;
      busy = true;
      running = (async () => {
        let dueInMs: number | null = null;
        while (again && !stopped) {
          again = false;
          // A pass that failed (the store, say) is tried again later instead of leaving the loop asleep.
          dueInMs = await pass().catch((error: unknown) => {
            onFailed(error);
            return failedPassRetryMs;
          });
        }
        busy = false;
        clearTimeout(timer);
        if (dueInMs !== null && !stopped) {
          timer = setTimeout(() => loop.wake(), Math.max(0, Math.min(dueInMs, 2 ** 31 - 1)));
        }
      })();
    },
    idle: () => running,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
  return loop;
}
