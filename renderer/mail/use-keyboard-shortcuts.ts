import { useEffect, useRef } from 'react';

export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'back'
  | 'archive'
  | 'delete'
  | 'star'
  | 'search'
  | 'markRead'
  | 'markUnread'
  | 'compose'
  | 'reply'
  | 'replyAll'
  | 'forward';

const keys: Record<string, ShortcutAction> = {
  j: 'next',
  k: 'previous',
  o: 'open',
  Enter: 'open',
  u: 'back',
  e: 'archive',
  '#': 'delete',
  s: 'star',
  '/': 'search',
  I: 'markRead',
  U: 'markUnread',
  c: 'compose',
  r: 'reply',
  a: 'replyAll',
  f: 'forward',
};

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Mail shortcuts (Gmail's letters), ignored while typing and on buttons and links for Enter. */
export function useKeyboardShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === 'Enter' && event.target instanceof HTMLElement && event.target.closest('button, a, summary')) {
        return;
      }
      const action = keys[event.key];
      const handler = action && latest.current[action];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
