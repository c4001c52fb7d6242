import type { MessageRow } from '../../../shared/mail-models';

type StackMessage = Pick<MessageRow, 'id' | 'unread'>;

/**
 * Which messages of a conversation (oldest first) open expanded: the unread ones and the newest.
 * Messages already shown keep what the person made of them (`shown`: ids seen before, `expanded`:
 * those open now); a message that joins later opens by the same rule.
 */
export function expandedMessages(
  messages: StackMessage[],
  shown: ReadonlySet<number> = new Set(),
  expanded: ReadonlySet<number> = new Set(),
): Set<number> {
  const next = new Set<number>();
  const newest = messages.at(-1)?.id;
  for (const message of messages) {
    const isNew = !shown.has(message.id);
    if (isNew ? message.unread || message.id === newest : expanded.has(message.id)) next.add(message.id);
  }
  return next;
}

/** Whether every message of `rowIds` that was unread in the stack has been opened (so read). */
export function allRowMessagesRead(
  messages: StackMessage[],
  rowIds: readonly number[],
  opened: ReadonlySet<number>,
): boolean {
  const inRow = new Set(rowIds);
  return messages.every((message) => !inRow.has(message.id) || !message.unread || opened.has(message.id));
}
