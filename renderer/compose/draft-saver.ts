// When a draft is saved: a short pause after the last change, and at the latest a few seconds
// after the first unsaved one while typing goes on, so a crash loses only a few seconds.

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; reason: string };

export const SAVE_AFTER_PAUSE_MS = 2000;
export const SAVE_AT_LEAST_EVERY_MS = 5000;

export class DraftSaver {
  private pauseTimer: ReturnType<typeof setTimeout> | null = null;
  private deadlineTimer: ReturnType<typeof setTimeout> | null = null;
  private dirty = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** Something in the draft changed. */
  changed(): void {
    this.dirty = true;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => void this.flush(), SAVE_AFTER_PAUSE_MS);
    this.deadlineTimer ??= setTimeout(() => void this.flush(), SAVE_AT_LEAST_EVERY_MS);
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  /** Saves now if anything is unsaved; waits for a save already running first. */
  async flush(): Promise<void> {
    this.clearTimers();
    while (this.running) await this.running;
    if (!this.dirty) return;
    this.dirty = false;
    this.onState({ kind: 'saving' });
    this.running = this.save().then(
      () => {
        if (!this.dirty) this.onState({ kind: 'saved' });
      },
      (reason: unknown) => {
        this.dirty = true;
        this.onState({ kind: 'failed', reason: reason instanceof Error ? reason.message : String(reason) });
      },
    );
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Stops the timers without saving (after Send or Discard). */
  cancel(): void {
    this.clearTimers();
    this.dirty = false;
  }

  private clearTimers(): void {
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.pauseTimer = null;
    this.deadlineTimer = null;
  }
}

export function saveStateText(state: SaveState): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'failed':
      return `Not saved: ${state.reason}`;
  }
}
