import type { Address, MessageRow } from '../../shared/mail-models';
import { MessageRowContent } from './message-row';
import { rowPeople } from './row-people';

/**
 * A conversation's row keeps its place in the DOM while mail joins it (its newest message, and so
 * the row's id, changes); a message's row is its message.
 */
export const rowKey = (row: MessageRow): string => (row.conversation ? `t${row.threadId}` : `m${row.id}`);

const firstName = ({ name, address }: Address) => name.trim().split(/\s+/u)[0] || address.split('@')[0] || address;

/** "Bob Example" for one sender, "Bob, Carol, Alice" for several, oldest first. */
export function conversationPeople(row: MessageRow, showRecipients: boolean): string {
  const participants = row.conversation?.participants ?? [];
  if (showRecipients || participants.length === 0) return rowPeople(row, showRecipients);
  if (participants.length === 1) return rowPeople({ from: participants[0]!, to: row.to }, false);
  return participants.map(firstName).join(', ');
}

/** A conversation in the list: its senders, how many of its messages are in the folder, its newest message. */
export function ConversationRowContent({ row, showRecipients }: { row: MessageRow; showRecipients: boolean }) {
  return (
    <MessageRowContent
      row={row}
      showRecipients={showRecipients}
      people={conversationPeople(row, showRecipients)}
      count={row.conversation?.messageIds.length ?? 1}
    />
  );
}
