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
  | 'forward'
  | 'undo'
  | 'help'
  | 'settings'
  | 'nextPane'
  | 'previousPane'
  | 'toggleSelect'
  | 'extendNext'
  | 'extendPrevious';

export interface Shortcut {
  /** KeyboardEvent.key values that run it. */
  keys: string[];
  /** As the help lists it. */
  label: string;
  action: ShortcutAction;
  description: string;
}

/** Every shortcut (Gmail's letters), in the order the help lists them. */
export const shortcuts: Shortcut[] = [
  { keys: ['j'], label: 'j', action: 'next', description: 'Next message' },
  { keys: ['k'], label: 'k', action: 'previous', description: 'Previous message' },
  { keys: ['o', 'Enter'], label: 'o or Enter', action: 'open', description: 'Read the selected message' },
  { keys: ['u'], label: 'u', action: 'back', description: 'Back to the message list' },
  { keys: ['x'], label: 'x', action: 'toggleSelect', description: 'Select or deselect the message' },
  // Shift+↓ and Shift+↑ do the same in the list itself (message-list.tsx).
  { keys: ['J'], label: 'Shift+J or Shift+↓', action: 'extendNext', description: 'Extend the selection down' },
  { keys: ['K'], label: 'Shift+K or Shift+↑', action: 'extendPrevious', description: 'Extend the selection up' },
  { keys: ['e'], label: 'e', action: 'archive', description: 'Archive' },
  { keys: ['#'], label: '#', action: 'delete', description: 'Delete' },
  { keys: ['s'], label: 's', action: 'star', description: 'Star or unstar' },
  { keys: ['I'], label: 'Shift+I', action: 'markRead', description: 'Mark as read' },
  { keys: ['U'], label: 'Shift+U', action: 'markUnread', description: 'Mark as unread' },
  { keys: ['z'], label: 'z', action: 'undo', description: 'Undo the last action' },
  { keys: ['c'], label: 'c', action: 'compose', description: 'New message' },
  { keys: ['r'], label: 'r', action: 'reply', description: 'Reply' },
  { keys: ['a'], label: 'a', action: 'replyAll', description: 'Reply all' },
  { keys: ['f'], label: 'f', action: 'forward', description: 'Forward' },
  { keys: ['/'], label: '/', action: 'search', description: 'Search' },
  { keys: ['F6'], label: 'F6', action: 'nextPane', description: 'Next pane' },
  { keys: ['Shift+F6'], label: 'Shift+F6', action: 'previousPane', description: 'Previous pane' },
  { keys: ['?'], label: '?', action: 'help', description: 'Show these shortcuts' },
  { keys: [','], label: ', or Ctrl+,', action: 'settings', description: 'Settings' },
];

const byKey = new Map(shortcuts.flatMap((shortcut) => shortcut.keys.map((key) => [key, shortcut.action] as const)));

/** F6 moves between panes even from a text field; letters never act while typing. */
const worksWhileTyping = new Set<ShortcutAction>(['nextPane', 'previousPane']);

/** The action a key press asks for, if any; `typing` when the focus is in a text field. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  typing: boolean,
): ShortcutAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  const action = byKey.get(event.key === 'F6' && event.shiftKey ? 'Shift+F6' : event.key);
  if (action === undefined || (typing && !worksWhileTyping.has(action))) return undefined;
  return action;
}

/** `,` (not while typing) or Ctrl/Cmd+, anywhere: the settings screen, as desktop apps open theirs. */
export function opensSettings(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  typing: boolean,
): boolean {
  if (event.key !== ',' || event.altKey) return false;
  return event.ctrlKey || event.metaKey || !typing;
}
