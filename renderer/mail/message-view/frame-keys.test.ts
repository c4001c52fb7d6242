// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { forwardFrameKeys } from './frame-keys';

describe('forwardFrameKeys', () => {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const inner = document.implementation.createHTMLDocument('mail');
  const heard: string[] = [];
  const listen = (event: KeyboardEvent) => {
    heard.push(`${event.shiftKey ? 'Shift+' : ''}${event.key}`);
    if (event.key !== 'x') event.preventDefault();
  };
  document.addEventListener('keydown', listen);
  const stop = forwardFrameKeys(inner, frame);
  afterEach(() => heard.splice(0));

  const press = (key: string, extra: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...extra });
    inner.body.dispatchEvent(event);
    return event.defaultPrevented;
  };

  it('hands letters, ? and F6 to the app, and marks them handled in the frame when the app took them', () => {
    expect(press('j')).toBe(true);
    expect(press('?', { shiftKey: true })).toBe(true);
    expect(press('F6')).toBe(true);
    expect(press('x')).toBe(false);
    expect(heard).toEqual(['j', 'Shift+?', 'F6', 'x']);
  });

  it('keeps scrolling, Tab, Enter and modified keys in the frame', () => {
    for (const key of [' ', 'ArrowDown', 'PageDown', 'Tab', 'Enter']) press(key);
    press('c', { ctrlKey: true });
    press('a', { metaKey: true });
    expect(heard).toEqual([]);
  });

  it('stops forwarding once the frame is let go', () => {
    stop();
    press('j');
    expect(heard).toEqual([]);
    document.removeEventListener('keydown', listen);
  });
});
