import type { KeyboardEvent } from 'react';

/** Shift+F10 or the Menu key: what opens a context menu from the keyboard. */
export function isContextMenuKey(event: Pick<KeyboardEvent, 'key' | 'shiftKey'>): boolean {
  return event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10');
}

/**
 * Opens the context menu of `element` as a right-click would, at a point inside it. Browsers do
 * not all turn Shift+F10 into a contextmenu event, and Radix's ContextMenu listens for that event.
 */
export function openContextMenuOf(element: HTMLElement): void {
  const box = element.getBoundingClientRect();
  element.dispatchEvent(
    new MouseEvent('contextmenu', {
      bubbles: true,
      cancelable: true,
      clientX: box.left + Math.min(box.width / 2, 160),
      clientY: box.top + Math.min(box.height / 2, 24),
    }),
  );
}
