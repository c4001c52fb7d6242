import type { Address, ConversationSummary } from '../../../shared/mail-models';
import type { Db } from '../../store/database';

/**
 * The list by conversation: a folder (or the Unified Inbox) shows each conversation once, at the
 * place of its newest visible message there, its head. The store keeps the heads
 * (`conversation_heads`, migration 14), so a page is a walk of heads in id order, newest first,
 * that stops after the page, as a page of messages does.
 */
export interface ConversationList {
  /** Ids of the heads in a folder, newest first. */
  folderHeads(folderId: number, limit: number, offset: number): number[];
  /** Conversations in a folder. */
  folderTotal(folderId: number): number;
  unifiedHeads(limit: number, offset: number): number[];
  unifiedTotal(): number;
  /** What each head's row takes from its conversation's messages in its folder. */
  summaries(headIds: number[]): Map<number, ConversationParts>;
}

export interface ConversationParts {
  summary: ConversationSummary;
  /** Whether any of them is starred, or has attachments. */
  flagged: boolean;
  hasAttachments: boolean;
}

/** A row names this many senders at most. */
const maxParticipants = 8;

interface MemberColumns {
  head_id: number;
  id: number;
  seen: number;
  flagged: number;
  has_attachments: number;
  from_name: string;
  from_address: string;
}

/** The statements, for the tests to read their query plans. */
export const conversationListSql = {
  folderHeads: 'SELECT head_id FROM conversation_heads WHERE mailbox_id = ? ORDER BY head_id LIMIT ? OFFSET ?',
  folderTotal: 'SELECT count(*) FROM conversation_heads WHERE mailbox_id = ?',
  unifiedHeads: `SELECT head_id FROM conversation_heads
    WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE role = 'inbox')
    ORDER BY head_id LIMIT ? OFFSET ?`,
  unifiedTotal: `SELECT count(*) FROM conversation_heads WHERE mailbox_id IN (SELECT id FROM mailboxes WHERE role = 'inbox')`,
  members: `SELECT head.id AS head_id, c.id, c.seen, c.flagged, c.has_attachments, c.from_name, c.from_address
    FROM json_each(?) AS page
    JOIN messages head ON head.id = page.value
    JOIN messages c ON c.mailbox_id = head.mailbox_id AND c.hidden = 0 AND c.thread_id = head.thread_id`,
};

export function createConversationList(db: Db): ConversationList {
  const sql = conversationListSql;
  const folderHeads = db.prepare<[number, number, number], number>(sql.folderHeads).pluck();
  const folderTotal = db.prepare<[number], number>(sql.folderTotal).pluck();
  const unifiedHeads = db.prepare<[number, number], number>(sql.unifiedHeads).pluck();
  const unifiedTotal = db.prepare<[], number>(sql.unifiedTotal).pluck();
  const members = db.prepare<[string], MemberColumns>(sql.members);

  return {
    folderHeads: (folderId, limit, offset) => folderHeads.all(folderId, limit, offset),
    folderTotal: (folderId) => folderTotal.get(folderId) ?? 0,
    unifiedHeads: (limit, offset) => unifiedHeads.all(limit, offset),
    unifiedTotal: () => unifiedTotal.get() ?? 0,
    summaries(headIds) {
      const byHead = new Map<number, MemberColumns[]>();
      for (const member of members.all(JSON.stringify(headIds))) {
        const list = byHead.get(member.head_id);
        if (list) list.push(member);
        else byHead.set(member.head_id, [member]);
      }
      const summaries = new Map<number, ConversationParts>();
      for (const [headId, list] of byHead) {
        list.sort((a, b) => a.id - b.id);
        summaries.set(headId, {
          summary: {
            messageIds: list.map((member) => member.id),
            participants: participantsOf(list),
            unreadCount: list.filter((member) => member.seen === 0).length,
          },
          flagged: list.some((member) => member.flagged === 1),
          hasAttachments: list.some((member) => member.has_attachments === 1),
        });
      }
      return summaries;
    },
  };
}

function participantsOf(newestFirst: MemberColumns[]): Address[] {
  const seen = new Set<string>();
  const participants: Address[] = [];
  for (let index = newestFirst.length - 1; index >= 0 && participants.length < maxParticipants; index -= 1) {
    const member = newestFirst[index]!;
    const key = member.from_address.toLowerCase() || member.from_name;
    if (seen.has(key)) continue;
    seen.add(key);
    participants.push({ name: member.from_name, address: member.from_address });
  }
  return participants;
}
