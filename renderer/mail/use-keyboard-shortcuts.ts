import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from './keyboard-shortcuts';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Mail shortcuts (see keyboard-shortcuts.ts), ignored while typing and on buttons and links for Enter. */
export function useKeyboardShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('button, a, summary')) {
        return;
      }
      const action = shortcutFor(event, isTyping(event.target));
      const handler = action && latest.current[action];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
