/** A wait that ends early when woken; a wake with nobody waiting is kept for the next wait. */
export interface WakeSignal {
  wake(): void;
  /** Resolves on wake(), or after `ms` when given. */
  wait(ms?: number): Promise<void>;
}

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let finish: (() => void) | null = null;
  return {
    wake() {
      pending = true;
      finish?.();
    },
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
        const done = () => {
          clearTimeout(timer);
          finish = null;
          pending = false;
          resolve();
        };
        finish = done;
      });
    },
  };
}
