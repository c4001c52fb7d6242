import { describe, expect, it } from 'vitest';
import { opensSettings, shortcutFor, shortcuts } from './keyboard-shortcuts';

const press = (key: string, extra: Partial<KeyboardEvent> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...extra,
});

describe('shortcutFor', () => {
  it('maps letters, ? and z, and leaves modified keys to the browser', () => {
    expect(shortcutFor(press('j'), false)).toBe('next');
    expect(shortcutFor(press('?', { shiftKey: true }), false)).toBe('help');
    expect(shortcutFor(press('z'), false)).toBe('undo');
    expect(shortcutFor(press('z', { ctrlKey: true }), false)).toBeUndefined();
    expect(shortcutFor(press('q'), false)).toBeUndefined();
  });

  it('lets F6 and Shift+F6 move between panes even while typing, but no letter', () => {
    expect(shortcutFor(press('F6'), true)).toBe('nextPane');
    expect(shortcutFor(press('F6', { shiftKey: true }), true)).toBe('previousPane');
    expect(shortcutFor(press('j'), true)).toBeUndefined();
    expect(shortcutFor(press('?'), true)).toBeUndefined();
  });

  it('gives every key to one action only', () => {
    const keys = shortcuts.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('opens Settings with , outside text fields and with Ctrl or Cmd+, anywhere', () => {
    expect(opensSettings(press(','), false)).toBe(true);
    expect(opensSettings(press(','), true)).toBe(false);
    expect(opensSettings(press(',', { ctrlKey: true }), true)).toBe(true);
    expect(opensSettings(press(',', { metaKey: true }), true)).toBe(true);
    expect(opensSettings(press(',', { altKey: true }), false)).toBe(false);
    expect(opensSettings(press('.'), false)).toBe(false);
  });
});
