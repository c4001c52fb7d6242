// Test hook: while held, replies wait at the gate until it is opened again.
export class ReplyGate {
  private opened: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;

  hold(on: boolean): void {
    if (on && !this.open) {
      this.opened = new Promise((resolve) => (this.open = resolve));
    } else if (!on && this.open) {
      this.open();
      this.open = undefined;
    }
  }

  /** Resolves at once when not held, else when the hold is lifted. */
  passed(): Promise<void> {
    return this.opened;
  }
}
