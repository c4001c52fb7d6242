import {
  invitationAnswer,
  messageProtection,
  type Address,
  type AttachmentSummary,
  type Conversation,
  type FolderRole,
  type FolderSummary,
  type ListPage,
  type ListView,
  type MessageDetail,
  type MessageRow,
} from '../../../shared/mail-models';
import type { Db } from '../../store/database';
import { readCalendarEvent } from '../calendar/read-calendar-event';
import { createConversationList, type ConversationParts } from './conversation-list';
import { parseSearchQuery, type SearchQuery } from './search-query';

const answerOf = (stored: string | null) => invitationAnswer.safeParse(stored).data ?? null;

/** What the UI asks of the local store; every call is a few indexed reads. */
export interface MailReader {
  folders(): FolderSummary[];
  /** `conversations`: one row per conversation in a folder or the Unified Inbox (not in search results). */
  list(view: ListView, offset: number, limit: number, conversations?: boolean): ListPage;
  /** These messages as list rows (hidden and unknown ones left out), newest first. */
  rows(messageIds: number[]): MessageRow[];
  /** False until the message's body is stored (and for a message that is not stored at all). */
  hasBody(messageId: number): boolean;
  /** Null while the body is not stored, or when the message is not stored at all. */
  message(messageId: number): MessageDetail | null;
  /**
   * The conversation's messages across the account's folders, oldest first; those in Trash and
   * Junk only when it is read from that folder (`fromFolderId`).
   */
  conversation(accountId: string, threadId: number, fromFolderId?: number): Conversation;
  allowRemoteContent(accountId: string, address: string): void;
}

/** How many search matches past the requested page are counted (see searchTotal). */
export const countAhead = 1000;

const roleOrder: FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'all', 'flagged', 'junk', 'trash'];
const roleRank = `CASE b.role ${roleOrder.map((role, rank) => `WHEN '${role}' THEN ${rank}`).join(' ')} ELSE ${roleOrder.length} END`;

// Only a plain image media type may go into a data: URL.
const imageType = /^image\/[a-z0-9.+-]+$/iu;

interface RowColumns {
  id: number;
  account_id: string;
  mailbox_id: number;
  thread_id: number;
  thread_count: number;
  from_name: string;
  from_address: string;
  subject: string;
  snippet: string;
  date: number | null;
  seen: number;
  flagged: number;
  has_attachments: number;
  to_json: string;
}

interface DetailColumns extends RowColumns {
  cc_json: string;
  reply_to_json: string;
  message_id: string | null;
  has_body: number;
  text: string | null;
  html: string | null;
  calendar: string | null;
  protection: string | null;
  invitation_answer: string | null;
  account_email: string | null;
}

interface FolderColumns {
  id: number;
  account_id: string;
  path: string;
  name: string;
  delimiter: string | null;
  role: FolderRole | null;
  selectable: number;
  unread: number;
  total: number;
}

// A conversation counts a message once however many folders hold it (rows of one content_id).
const rowColumns = `m.id, m.account_id, m.mailbox_id, m.thread_id,
  (SELECT count(DISTINCT c.content_id) FROM messages c WHERE c.thread_id = m.thread_id) AS thread_count, m.from_name,
  m.from_address, m.subject, m.snippet, m.date, m.seen, m.flagged, m.has_attachments, m.to_json`;

/** The row of `m`'s content that holds the body and attachments (stored once per content). */
const bodyHolders = 'SELECT id FROM messages WHERE content_id = (SELECT content_id FROM messages WHERE id = ?)';

/** A list row names this many recipients at most (Sent and Drafts show them instead of the sender). */
const rowRecipients = 5;

const messageRow = (row: RowColumns): MessageRow => ({
  id: row.id,
  accountId: row.account_id,
  folderId: row.mailbox_id,
  threadId: row.thread_id,
  threadCount: row.thread_count,
  from: { name: row.from_name, address: row.from_address },
  to: (JSON.parse(row.to_json) as Address[]).slice(0, rowRecipients),
  subject: row.subject,
  snippet: row.snippet,
  date: row.date,
  unread: row.seen === 0,
  flagged: row.flagged === 1,
  hasAttachments: row.has_attachments === 1,
});

/** A head's row standing for its conversation: unread, starred or with attachments if any message is. */
const withConversation = (row: MessageRow, parts: ConversationParts | undefined): MessageRow =>
  parts
    ? {
        ...row,
        unread: parts.summary.unreadCount > 0,
        flagged: parts.flagged,
        hasAttachments: parts.hasAttachments,
        conversation: parts.summary,
      }
    : row;

const folderSummary = (row: FolderColumns): FolderSummary => ({
  id: row.id,
  accountId: row.account_id,
  path: row.path,
  name: row.name,
  // Folders with a role are listed first, at the top, whatever their path (Gmail's [Gmail]/Sent Mail).
  depth: row.delimiter && !row.role ? row.path.split(row.delimiter).length - 1 : 0,
  role: row.role,
  unread: row.unread,
  total: row.total,
});

/**
 * Leaves out a folder that holds no mail of its own (\Noselect) when no folder listed under it
 * stays there: Gmail's "[Gmail]", whose children all have roles and are listed at the top.
 */
function withoutEmptyContainers(rows: FolderColumns[]): FolderColumns[] {
  return rows.filter(
    (row) =>
      row.selectable === 1 ||
      !row.delimiter ||
      rows.some(
        (other) =>
          other.account_id === row.account_id && other.role === null && other.path.startsWith(row.path + row.delimiter),
      ),
  );
}

/** Reads the local store for the UI, on its own connection. */
export function createMailReader(db: Db): MailReader {
  const selectFolders = db.prepare<[], FolderColumns>(`
    SELECT b.id, b.account_id, b.path, b.name, b.delimiter, b.role, b.selectable, b.unread, b.total
    FROM mailboxes b JOIN accounts a ON a.id = b.account_id
    ORDER BY a.created_at, a.id, ${roleRank}, b.path
  `);

  // Message ids order by date (date-ordered-ids.ts): newest first is id ascending. Each page
  // first picks its ids from an index alone, then reads just those rows, so a page deep into a
  // large folder costs no more row reads than the first.
  const pageOf = (ids: string) => `
    WITH page AS (${ids})
    SELECT ${rowColumns} FROM page JOIN messages m ON m.id = page.id JOIN threads t ON t.id = m.thread_id
    ORDER BY m.id
  `;
  const folderPage = db.prepare<[number, number, number], RowColumns>(
    pageOf('SELECT id FROM messages WHERE mailbox_id = ? AND hidden = 0 ORDER BY id LIMIT ? OFFSET ?'),
  );
  const folderTotal = db.prepare<[number], number>('SELECT total FROM mailboxes WHERE id = ?').pluck();
  const unifiedPage = db.prepare<[number, number], RowColumns>(
    pageOf(`
      SELECT id FROM messages
      WHERE hidden = 0 AND mailbox_id IN (SELECT id FROM mailboxes WHERE role = 'inbox')
      ORDER BY id LIMIT ? OFFSET ?
    `),
  );
  const unifiedTotal = db
    .prepare<[], number>("SELECT coalesce(sum(total), 0) FROM mailboxes WHERE role = 'inbox'")
    .pluck();

  const searchFilters = (m: string) => `
    ${m}.hidden = 0
    AND (@accountId IS NULL OR ${m}.account_id = @accountId)
    AND (@folderId IS NULL OR ${m}.mailbox_id = @folderId)
    AND (@unread = 0 OR ${m}.seen = 0)
    AND (@starred = 0 OR ${m}.flagged = 1)
    AND (@hasAttachment = 0 OR ${m}.has_attachments = 1)
  `;
  // One result per message however many folders hold it: of a content's rows that pass the
  // filters, the first outside Trash and Junk stands for it.
  const representative = (contentId: string) => `(
    SELECT s.id FROM messages s WHERE s.content_id = ${contentId} AND ${searchFilters('s')}
    ORDER BY s.mailbox_id IN (SELECT id FROM mailboxes WHERE role IN ('trash', 'junk')), s.id LIMIT 1
  )`;
  // The index hands out matches newest first (rowid = content id); the join only filters them.
  const matches = `message_search f CROSS JOIN messages m ON m.id = ${representative('f.rowid')}
    WHERE message_search MATCH @match`;
  const searchPage = db.prepare<SearchParameters, RowColumns>(
    pageOf(`SELECT m.id FROM ${matches} ORDER BY f.rowid LIMIT @limit OFFSET @offset`),
  );
  // A word in every message would cost a count of every message: counting stops this far past
  // the page, so `total` is exact up to there and grows as the user pages on.
  const searchTotal = db
    .prepare<SearchParameters & { countLimit: number }, number>(
      `SELECT count(*) FROM (SELECT 1 FROM ${matches} LIMIT @countLimit)`,
    )
    .pluck();
  const filterPage = db.prepare<SearchParameters, RowColumns>(
    pageOf(
      `SELECT m.id FROM messages m WHERE ${searchFilters('m')} AND m.id = ${representative('m.content_id')}
      ORDER BY m.id LIMIT @limit OFFSET @offset`,
    ),
  );
  const filterTotal = db
    .prepare<SearchParameters & { countLimit: number }, number>(
      `SELECT count(*) FROM (
        SELECT 1 FROM messages m WHERE ${searchFilters('m')} AND m.id = ${representative('m.content_id')}
        LIMIT @countLimit
      )`,
    )
    .pluck();

  const selectRows = db.prepare<[string], RowColumns>(`
    SELECT ${rowColumns} FROM messages m JOIN threads t ON t.id = m.thread_id
    WHERE m.id IN (SELECT value FROM json_each(?)) AND m.hidden = 0
    ORDER BY m.id
  `);
  const selectHasBody = db.prepare<[number], number>('SELECT has_body FROM messages WHERE id = ?').pluck();
  const selectDetail = db.prepare<[number], DetailColumns>(`
    SELECT ${rowColumns}, m.cc_json, m.reply_to_json, m.message_id, m.has_body, bd.text, bd.html,
      bd.calendar, bd.protection, m.invitation_answer, a.email AS account_email
    FROM messages m JOIN threads t ON t.id = m.thread_id
      LEFT JOIN bodies bd ON bd.message_id IN (SELECT id FROM messages WHERE content_id = m.content_id)
      LEFT JOIN accounts a ON a.id = m.account_id
    WHERE m.id = ?
  `);
  const selectFoldersOf = db
    .prepare<[number], number>(
      `
      SELECT DISTINCT mailbox_id FROM messages
      WHERE content_id = (SELECT content_id FROM messages WHERE id = ?) AND hidden = 0 ORDER BY mailbox_id
    `,
    )
    .pluck();
  const selectAttachments = db.prepare<[number], AttachmentSummary>(`
    SELECT id, filename, content_type AS contentType, size FROM attachments
    WHERE message_id IN (${bodyHolders}) AND (inline = 0 OR filename <> '') ORDER BY id
  `);
  const selectInlineImages = db.prepare<[number], { content_id: string; content_type: string; content: Buffer }>(`
    SELECT content_id, content_type, content FROM attachments
    WHERE message_id IN (${bodyHolders}) AND content_id IS NOT NULL AND content IS NOT NULL ORDER BY id
  `);
  const selectRemoteAllowed = db
    .prepare<[string, string], number>('SELECT 1 FROM remote_content_senders WHERE account_id = ? AND address = ?')
    .pluck();
  const insertRemoteAllowed = db.prepare<[string, string]>(
    'INSERT OR IGNORE INTO remote_content_senders (account_id, address) VALUES (?, ?)',
  );
  const selectConversation = db.prepare<[number, string, number], RowColumns & { content_id: number }>(`
    SELECT ${rowColumns}, m.content_id FROM messages m JOIN threads t ON t.id = m.thread_id JOIN mailboxes b ON b.id = m.mailbox_id
    WHERE m.thread_id = ? AND m.account_id = ? AND m.hidden = 0
      AND (b.role IS NULL OR b.role NOT IN ('trash', 'junk') OR b.id = ?)
    ORDER BY m.id DESC
  `);

  const conversationList = createConversationList(db);
  const conversationRows = (headIds: number[]): MessageRow[] => {
    const parts = conversationList.summaries(headIds);
    return selectRows.all(JSON.stringify(headIds)).map((row) => withConversation(messageRow(row), parts.get(row.id)));
  };

  const search = (
    view: Extract<ListView, { kind: 'search' }>,
    query: SearchQuery,
    offset: number,
    limit: number,
  ): ListPage => {
    const parameters: SearchParameters = {
      match: query.match,
      accountId: view.accountId ?? null,
      folderId: view.folderId ?? null,
      unread: Number(query.unread),
      starred: Number(query.starred),
      hasAttachment: Number(query.hasAttachment),
      limit,
      offset,
    };
    const counted = { ...parameters, countLimit: offset + limit + countAhead };
    const [page, total] = query.match === null ? [filterPage, filterTotal] : [searchPage, searchTotal];
    return { total: total.get(counted) ?? 0, offset, rows: page.all(parameters).map(messageRow) };
  };

  return {
    folders: () => withoutEmptyContainers(selectFolders.all()).map(folderSummary),
    list(view, offset, limit, conversations = false) {
      if (conversations && view.kind === 'folder') {
        const total = conversationList.folderTotal(view.folderId);
        return { total, offset, rows: conversationRows(conversationList.folderHeads(view.folderId, limit, offset)) };
      }
      if (conversations && view.kind === 'unified-inbox') {
        const total = conversationList.unifiedTotal();
        return { total, offset, rows: conversationRows(conversationList.unifiedHeads(limit, offset)) };
      }
      switch (view.kind) {
        case 'folder':
          return {
            total: folderTotal.get(view.folderId) ?? 0,
            offset,
            rows: folderPage.all(view.folderId, limit, offset).map(messageRow),
          };
        case 'unified-inbox':
          return { total: unifiedTotal.get() ?? 0, offset, rows: unifiedPage.all(limit, offset).map(messageRow) };
        case 'search': {
          const query = parseSearchQuery(view.query);
          return query ? search(view, query, offset, limit) : { total: 0, offset, rows: [] };
        }
      }
    },
    rows: (messageIds) => selectRows.all(JSON.stringify(messageIds)).map(messageRow),
    hasBody: (messageId) => selectHasBody.get(messageId) === 1,
    message(messageId) {
      const row = selectDetail.get(messageId);
      if (!row || row.has_body === 0) return null;
      const inlineImages: Record<string, string> = {};
      for (const image of selectInlineImages.all(messageId)) {
        if (!imageType.test(image.content_type)) continue;
        const contentId = image.content_id.replace(/^<|>$/gu, '');
        inlineImages[contentId] = `data:${image.content_type.toLowerCase()};base64,${image.content.toString('base64')}`;
      }
      return {
        id: row.id,
        accountId: row.account_id,
        folderId: row.mailbox_id,
        threadId: row.thread_id,
        from: { name: row.from_name, address: row.from_address },
        to: JSON.parse(row.to_json) as Address[],
        cc: JSON.parse(row.cc_json) as Address[],
        replyTo: JSON.parse(row.reply_to_json) as Address[],
        subject: row.subject,
        date: row.date,
        messageIdHeader: row.message_id,
        unread: row.seen === 0,
        flagged: row.flagged === 1,
        html: row.html,
        text: row.text,
        inlineImages,
        attachments: selectAttachments.all(messageId),
        folderIds: selectFoldersOf.all(messageId),
        remoteContentAllowed: selectRemoteAllowed.get(row.account_id, row.from_address) === 1,
        event: row.calendar
          ? readCalendarEvent(row.calendar, row.account_email ?? '', answerOf(row.invitation_answer))
          : null,
        protection: row.protection ? messageProtection.parse(JSON.parse(row.protection)) : null,
      };
    },
    conversation: (accountId, threadId, fromFolderId) => ({
      threadId,
      messages: oncePerMessage(selectConversation.all(threadId, accountId, fromFolderId ?? 0), fromFolderId).map(
        messageRow,
      ),
    }),
    allowRemoteContent(accountId, address) {
      if (address !== '') insertRemoteAllowed.run(accountId, address);
    },
  };
}

interface SearchParameters {
  match: string | null;
  accountId: string | null;
  folderId: number | null;
  unread: number;
  starred: number;
  hasAttachment: number;
  limit: number;
  offset: number;
}

/**
 * A message in several folders once, in its order: the copy in the folder it is read from, else the
 * first one listed (the conversation's rows come newest first, then by id).
 */
function oncePerMessage<Row extends { content_id: number; mailbox_id: number }>(rows: Row[], fromFolderId?: number) {
  const chosen = new Map<number, Row>();
  for (const row of rows) {
    const kept = chosen.get(row.content_id);
    if (!kept || (row.mailbox_id === fromFolderId && kept.mailbox_id !== fromFolderId)) chosen.set(row.content_id, row);
  }
  return rows.filter((row) => chosen.get(row.content_id) === row);
}
