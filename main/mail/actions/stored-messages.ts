import type { Address, FolderRole } from '../../../shared/mail-models';
import type { Db } from '../../store/database';
import type { AttachmentRecord, BodyRecord, HeaderRecord } from '../store/mail-store-types';
import { setFlag } from './flag-list';

// The local side of the actions: what state the user's messages are in, the optimistic changes
// (read, flagged, hidden) and a copy of a stored message to re-store it where it was moved to.

export interface MessageState {
  messageId: number;
  accountId: string;
  mailboxId: number;
  path: string;
  role: FolderRole | null;
  uid: number;
  uidValidity: number | null;
  seen: boolean;
  flagged: boolean;
  hidden: boolean;
}

export interface StoredCopy {
  header: HeaderRecord;
  body: BodyRecord | null;
}

export interface StoredMessages {
  /** The stored messages among these ids (unknown ids are left out). */
  states(messageIds: number[]): MessageState[];
  setFlags(mailboxId: number, uids: number[], change: { seen?: boolean; flagged?: boolean }): void;
  restoreFlags(mailboxId: number, previous: { uid: number; seen: boolean; flagged: boolean }[]): void;
  setHidden(mailboxId: number, uids: number[], hidden: boolean): void;
  snapshot(mailboxId: number, uids: number[]): StoredCopy[];
  messageIdsOf(mailboxId: number, uids: number[]): number[];
  /** The unread messages shown in these folders. */
  unreadIds(mailboxIds: number[]): number[];
}

interface StateRow {
  id: number;
  account_id: string;
  mailbox_id: number;
  path: string;
  role: string | null;
  uid: number;
  uid_validity: number | null;
  seen: number;
  flagged: number;
  hidden: number;
}

interface MessageRow {
  id: number;
  uid: number;
  object_id: string | null;
  content_id: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  subject: string;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  reply_to_json: string;
  date: number | null;
  flags: string;
  size: number;
  snippet: string;
  has_attachments: number;
  modseq: number | null;
  has_body: number;
  text: string | null;
  html: string | null;
  calendar: string | null;
  protection: string | null;
}

interface AttachmentRow {
  filename: string;
  content_type: string;
  size: number;
  content_id: string | null;
  inline: number;
  part: string | null;
  content: Buffer | null;
}

const ids = (values: number[]) => JSON.stringify(values);

export function createStoredMessages(db: Db): StoredMessages {
  const stateRows = db.prepare<[string], StateRow>(
    `SELECT m.id, m.account_id, m.mailbox_id, b.path, b.role, m.uid, b.uid_validity, m.seen, m.flagged, m.hidden
       FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id
      WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id`,
  );
  const flagsOf = db.prepare<[number, number], { seen: number; flagged: number; flags: string }>(
    'SELECT seen, flagged, flags FROM messages WHERE mailbox_id = ? AND uid = ?',
  );
  const writeFlags = db.prepare<[number, number, string, number, number]>(
    'UPDATE messages SET seen = ?, flagged = ?, flags = ? WHERE mailbox_id = ? AND uid = ?',
  );
  const writeHidden = db.prepare<[number, number, string]>(
    'UPDATE messages SET hidden = ? WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?))',
  );
  const messageRows = db.prepare<[number, string], MessageRow>(
    `SELECT m.*, bodies.text, bodies.html, bodies.calendar, bodies.protection FROM messages m
      LEFT JOIN bodies ON bodies.message_id IN (SELECT id FROM messages WHERE content_id = m.content_id)
      WHERE m.mailbox_id = ? AND m.uid IN (SELECT value FROM json_each(?)) ORDER BY m.uid`,
  );
  const attachmentRows = db.prepare<[number], AttachmentRow>(
    // Stored once per content, under whichever of its rows holds the body.
    'SELECT * FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE content_id = ?) ORDER BY id',
  );
  const idsByUid = db
    .prepare<[number, string], number>(
      'SELECT id FROM messages WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY uid',
    )
    .pluck();

  const unreadIn = db
    .prepare<[string], number>(
      'SELECT id FROM messages WHERE mailbox_id IN (SELECT value FROM json_each(?)) AND seen = 0 AND hidden = 0',
    )
    .pluck();

  const writeOne = (mailboxId: number, uid: number, change: { seen?: boolean; flagged?: boolean }) => {
    const row = flagsOf.get(mailboxId, uid);
    if (!row) return;
    const seen = change.seen ?? row.seen === 1;
    const flagged = change.flagged ?? row.flagged === 1;
    const flags = setFlag(setFlag(JSON.parse(row.flags) as string[], '\\Seen', seen), '\\Flagged', flagged);
    writeFlags.run(Number(seen), Number(flagged), JSON.stringify(flags), mailboxId, uid);
  };

  return {
    states: (messageIds) =>
      stateRows.all(ids(messageIds)).map((row) => ({
        messageId: row.id,
        accountId: row.account_id,
        mailboxId: row.mailbox_id,
        path: row.path,
        role: row.role as FolderRole | null,
        uid: row.uid,
        uidValidity: row.uid_validity,
        seen: row.seen === 1,
        flagged: row.flagged === 1,
        hidden: row.hidden === 1,
      })),
    setFlags: (mailboxId, uids, change) => uids.forEach((uid) => writeOne(mailboxId, uid, change)),
    restoreFlags: (mailboxId, previous) =>
      previous.forEach(({ uid, seen, flagged }) => writeOne(mailboxId, uid, { seen, flagged })),
    setHidden: (mailboxId, uids, hidden) => void writeHidden.run(Number(hidden), mailboxId, ids(uids)),
    snapshot: (mailboxId, uids) =>
      messageRows.all(mailboxId, ids(uids)).map((row) => ({
        header: headerOf(row),
        body: row.has_body ? bodyOf(row, attachmentRows.all(row.content_id)) : null,
      })),
    messageIdsOf: (mailboxId, uids) => idsByUid.all(mailboxId, ids(uids)),
    unreadIds: (mailboxIds) => unreadIn.all(ids(mailboxIds)),
  };
}

function headerOf(row: MessageRow): HeaderRecord {
  return {
    uid: row.uid,
    objectId: row.object_id,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    subject: row.subject,
    from: row.from_address || row.from_name ? { name: row.from_name, address: row.from_address } : null,
    to: JSON.parse(row.to_json) as Address[],
    cc: JSON.parse(row.cc_json) as Address[],
    replyTo: JSON.parse(row.reply_to_json) as Address[],
    date: row.date,
    flags: JSON.parse(row.flags) as string[],
    size: row.size,
    hasAttachments: row.has_attachments === 1,
    modseq: row.modseq,
  };
}

function bodyOf(row: MessageRow, attachments: AttachmentRow[]): BodyRecord {
  return {
    text: row.text,
    html: row.html,
    calendar: row.calendar,
    protection: row.protection ? (JSON.parse(row.protection) as BodyRecord['protection']) : null,
    snippet: row.snippet,
    references: JSON.parse(row.refs) as string[],
    attachments: attachments.map((attachment): AttachmentRecord => ({
      filename: attachment.filename,
      contentType: attachment.content_type,
      size: attachment.size,
      contentId: attachment.content_id,
      inline: attachment.inline === 1,
      part: attachment.part,
      content: attachment.content ? new Uint8Array(attachment.content) : null,
    })),
  };
}
