import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftSaver, saveStateText, type SaveState } from './draft-saver';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function saver(save: () => Promise<void> = () => Promise.resolve()) {
  const states: SaveState[] = [];
  const spy = vi.fn(save);
  return { saver: new DraftSaver(spy, (state) => states.push(state)), save: spy, states };
}

describe('DraftSaver', () => {
  it('saves 2 s after the last change', async () => {
    const { saver: s, save, states } = saver();
    s.changed();
    await vi.advanceTimersByTimeAsync(1500);
    s.changed();
    await vi.advanceTimersByTimeAsync(1900);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    expect(save).toHaveBeenCalledTimes(1);
    expect(states.map(saveStateText)).toEqual(['Saving…', 'Saved']);
  });

  it('saves at least every 5 s while changes keep coming', async () => {
    const { saver: s, save } = saver();
    for (let elapsed = 0; elapsed < 5000; elapsed += 500) {
      s.changed();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does not save when nothing changed, and flush saves pending changes at once', async () => {
    const { saver: s, save } = saver();
    await s.flush();
    expect(save).not.toHaveBeenCalled();
    s.changed();
    await s.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('reports a failure with its reason and keeps the changes unsaved', async () => {
    const { saver: s, states } = saver(() => Promise.reject(new Error('The disk is full.')));
    s.changed();
    await s.flush();
    expect(saveStateText(states.at(-1)!)).toBe('Not saved: The disk is full.');
    expect(s.hasUnsavedChanges).toBe(true);
  });

  it('cancel drops pending saves', async () => {
    const { saver: s, save } = saver();
    s.changed();
    s.cancel();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).not.toHaveBeenCalled();
  });
});
