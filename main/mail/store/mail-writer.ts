import type { Address } from '../../../shared/mail-models';
import { writeTransaction, type Db } from '../../store/database';
import { createConversationThreading } from './conversation-threading';
import { createDateOrderedIds } from './date-ordered-ids';
import type {
  BodyRecord,
  HeaderRecord,
  MailWriter,
  MessageLocation,
  OwnHeaders,
  ServerMailbox,
  StoredMailbox,
} from './mail-store-types';
import { searchColumns, type SearchColumns } from './search-columns';
import { storedMailbox, type MailboxRow } from './stored-mailbox';

interface StoredMessage {
  id: number;
  account_id: string;
  content_id: number;
  thread_id: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  subject: string;
  from_name: string;
  from_address: string;
  to_json: string;
  cc_json: string;
  reply_to_json: string;
}

const hasFlag = (flags: string[], flag: string): number =>
  flags.some((candidate) => candidate.toLowerCase() === flag.toLowerCase()) ? 1 : 0;

const json = (addresses: Address[]): string => JSON.stringify(addresses);

/** The stored row as the message's own header corrects it (see OwnHeaders). */
function withOwnHeaders(message: StoredMessage, own: OwnHeaders | undefined): StoredMessage {
  if (!own) return message;
  return {
    ...message,
    subject: own.subject ?? message.subject,
    from_name: own.from?.name ?? message.from_name,
    from_address: own.from?.address ?? message.from_address,
    to_json: own.to ? json(own.to) : message.to_json,
    cc_json: own.cc ? json(own.cc) : message.cc_json,
    reply_to_json: own.replyTo ? json(own.replyTo) : message.reply_to_json,
  };
}

const headerColumns = ['subject', 'from_name', 'from_address', 'to_json', 'cc_json', 'reply_to_json'] as const;

/** The single writer of the local mail store (see MailWriter); one transaction per call. */
export function createMailWriter(db: Db): MailWriter {
  const threading = createConversationThreading(db);
  const newMessageId = createDateOrderedIds(db);

  const selectMailboxes = db.prepare<[string], MailboxRow>(
    'SELECT * FROM mailboxes WHERE account_id = ? ORDER BY path',
  );
  const selectMailbox = db.prepare<[number], MailboxRow>('SELECT * FROM mailboxes WHERE id = ?');
  const upsertMailbox = db.prepare(`
    INSERT INTO mailboxes (account_id, path, name, delimiter, role, selectable)
    VALUES (@accountId, @path, @name, @delimiter, @role, @selectable)
    ON CONFLICT (account_id, path) DO UPDATE SET
      name = excluded.name, delimiter = excluded.delimiter, role = excluded.role, selectable = excluded.selectable
  `);
  const deleteMailbox = db.prepare<[number]>('DELETE FROM mailboxes WHERE id = ?');
  const updateState = db.prepare(`
    UPDATE mailboxes SET
      uid_validity = CASE WHEN @setUidValidity THEN @uidValidity ELSE uid_validity END,
      uid_next = CASE WHEN @setUidNext THEN @uidNext ELSE uid_next END,
      highest_modseq = CASE WHEN @setHighestModseq THEN @highestModseq ELSE highest_modseq END,
      synced_down_to_uid = CASE WHEN @setSyncedDownToUid THEN @syncedDownToUid ELSE synced_down_to_uid END,
      server_count = CASE WHEN @setServerCount THEN @serverCount ELSE server_count END
    WHERE id = @id
  `);
  const deleteMailboxMessages = db.prepare<[number]>('DELETE FROM messages WHERE mailbox_id = ?');
  const startOver = db.prepare<[number, number]>(`
    UPDATE mailboxes SET uid_validity = ?, uid_next = NULL, highest_modseq = NULL, synced_down_to_uid = NULL,
      server_count = 0
    WHERE id = ?
  `);

  const selectByUid = db.prepare<[number, number], StoredMessage>(`
    SELECT id, account_id, content_id, thread_id, message_id, in_reply_to, refs, subject, from_name, from_address, to_json, cc_json,
      reply_to_json
    FROM messages WHERE mailbox_id = ? AND uid = ?
  `);
  const insertMessage = db.prepare(`
    INSERT INTO messages (id, account_id, mailbox_id, uid, message_id, in_reply_to, refs, thread_id, subject,
      from_name, from_address, to_json, cc_json, reply_to_json, date, seen, flagged, flags, size, has_attachments, modseq,
      object_id, content_id)
    VALUES (@id, @accountId, @mailboxId, @uid, @messageId, @inReplyTo, @refs, @threadId, @subject,
      @fromName, @fromAddress, @to, @cc, @replyTo, @date, @seen, @flagged, @flags, @size, @hasAttachments, @modseq,
      @objectId, @contentId)
  `);
  // Another folder's row of the same message, one with its body stored if there is one.
  const selectSameMessage = db.prepare<[string, string], { content_id: number; thread_id: number; has_body: number }>(`
    SELECT content_id, thread_id, has_body FROM messages WHERE account_id = ? AND object_id = ?
    ORDER BY has_body DESC LIMIT 1
  `);
  // The row of a content that holds its body (bodies and attachments are stored under one row).
  const selectHolder = db
    .prepare<[number], number>(
      'SELECT m.id FROM messages m JOIN bodies b ON b.message_id = m.id WHERE m.content_id = ? LIMIT 1',
    )
    .pluck();
  // A row of a content whose body is stored takes what the body taught its holder.
  const adoptBody = db.prepare<[number, number]>(`
    UPDATE messages SET (snippet, has_attachments, refs, subject, from_name, from_address, to_json, cc_json,
      reply_to_json, has_body) = (
      SELECT snippet, has_attachments, refs, subject, from_name, from_address, to_json, cc_json, reply_to_json, 1
      FROM messages WHERE id = ?
    ) WHERE id = ?
  `);
  const updateFlags = db.prepare<[number, number, string, number | null, number, number]>(
    'UPDATE messages SET seen = ?, flagged = ?, flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?',
  );
  const deleteByUid = db.prepare<[number, number]>('DELETE FROM messages WHERE mailbox_id = ? AND uid = ?');
  const selectUids = db.prepare<[number], number>('SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid').pluck();
  const selectUidsWithoutBody = db
    .prepare<[number, number], number>(
      'SELECT uid FROM messages WHERE mailbox_id = ? AND has_body = 0 ORDER BY uid DESC LIMIT ?',
    )
    .pluck();
  const selectSizesWithoutBody = db.prepare<[number], { uid: number; size: number }>(
    'SELECT uid, size FROM messages WHERE mailbox_id = ? AND has_body = 0 ORDER BY uid DESC',
  );
  const selectLargeWithoutBody = db
    .prepare<[number, number], number>(
      'SELECT uid FROM messages WHERE mailbox_id = ? AND has_body = 0 AND has_attachments = 1 AND size >= ?',
    )
    .pluck();
  const indexMessage = db.prepare(`
    INSERT INTO message_search (rowid, subject, sender, recipients, body) VALUES (@id, @subject, @sender, @recipients, @body)
  `);
  const reindexMessage = db.prepare(`
    INSERT OR REPLACE INTO message_search (rowid, subject, sender, recipients, body)
    VALUES (@id, @subject, @sender, @recipients, @body)
  `);

  const updateHeaderColumns = db.prepare<StoredMessage>(`
    UPDATE messages SET subject = @subject, from_name = @from_name, from_address = @from_address,
      to_json = @to_json, cc_json = @cc_json, reply_to_json = @reply_to_json
    WHERE content_id = @content_id
  `);
  // Prepared at the first body, so a writer over a store of an older schema (the migration tests
  // build one) can still write folders and headers.
  const prepareBody = () =>
    db.prepare<[number, string | null, string | null, string | null, string | null]>(
      'INSERT OR REPLACE INTO bodies (message_id, text, html, calendar, protection) VALUES (?, ?, ?, ?, ?)',
    );
  let upsertBody: ReturnType<typeof prepareBody> | undefined;
  const deleteAttachments = db.prepare<[number]>('DELETE FROM attachments WHERE message_id = ?');
  const insertAttachment = db.prepare(`
    INSERT INTO attachments (message_id, filename, content_type, size, content_id, inline, part, content)
    VALUES (@messageId, @filename, @contentType, @size, @contentId, @inline, @part, @content)
  `);
  // Every row of the content: the body is the same message's, whichever folder it came through.
  const markBodyStored = db.prepare<[string, number, string, number]>(
    'UPDATE messages SET snippet = ?, has_attachments = ?, refs = ?, has_body = 1 WHERE content_id = ?',
  );
  const selectLocation = db.prepare<[number], MessageLocation>(`
    SELECT m.id AS messageId, m.account_id AS accountId, m.mailbox_id AS mailboxId, b.path, m.uid,
      b.uid_validity AS uidValidity
    FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.id = ?
  `);

  const mailboxes = (accountId: string): StoredMailbox[] => selectMailboxes.all(accountId).map(storedMailbox);
  const requireMailbox = (mailboxId: number): MailboxRow => {
    const row = selectMailbox.get(mailboxId);
    if (!row) throw new Error(`No stored mailbox ${mailboxId}.`);
    return row;
  };

  const saveHeaders = writeTransaction(db, (mailboxId: number, headers: HeaderRecord[]) => {
    const accountId = requireMailbox(mailboxId).account_id;
    const indexed: ({ id: number } & SearchColumns)[] = [];
    for (const header of headers) {
      const seen = hasFlag(header.flags, '\\Seen');
      const flagged = hasFlag(header.flags, '\\Flagged');
      if (selectByUid.get(mailboxId, header.uid)) {
        updateFlags.run(seen, flagged, JSON.stringify(header.flags), header.modseq, mailboxId, header.uid);
        continue;
      }
      const objectId = header.objectId ?? null;
      // The same message in another folder: this row joins its content and its conversation.
      const same = objectId === null ? undefined : selectSameMessage.get(accountId, objectId);
      const threadId =
        same?.thread_id ??
        threading.assign({
          accountId,
          messageId: header.messageId,
          inReplyTo: header.inReplyTo,
          references: header.references,
          subject: header.subject,
        });
      const id = newMessageId(header.date);
      insertMessage.run({
        id,
        accountId,
        mailboxId,
        uid: header.uid,
        messageId: header.messageId,
        inReplyTo: header.inReplyTo,
        refs: JSON.stringify(header.references),
        threadId,
        subject: header.subject,
        fromName: header.from?.name ?? '',
        fromAddress: header.from?.address ?? '',
        to: json(header.to),
        cc: json(header.cc),
        replyTo: json(header.replyTo),
        date: header.date,
        seen,
        flagged,
        flags: JSON.stringify(header.flags),
        size: header.size,
        hasAttachments: header.hasAttachments ? 1 : 0,
        modseq: header.modseq,
        objectId,
        contentId: same?.content_id ?? id,
      });
      if (same) {
        // Already indexed under its content; its body, if stored, serves this row without a FETCH.
        const holder = same.has_body ? selectHolder.get(same.content_id) : undefined;
        if (holder !== undefined) adoptBody.run(holder, id);
        continue;
      }
      indexed.push({ id, ...searchColumns(header.subject, header.from, header.to, header.cc, '') });
    }
    // FTS5 writes its pending terms out whenever a rowid is not above the previous one: rows in
    // ascending order let one batch become one segment (several times faster than newest first).
    indexed.sort((a, b) => a.id - b.id);
    for (const row of indexed) indexMessage.run(row);
  });

  const storeBody = (stored: StoredMessage, body: BodyRecord) => {
    // Fetched through another folder already (a body on demand, or two folders in flight): kept once.
    const holder = selectHolder.get(stored.content_id);
    if (holder !== undefined && holder !== stored.id) {
      adoptBody.run(holder, stored.id);
      return;
    }
    const message = withOwnHeaders(stored, body.headers);
    if (headerColumns.some((column) => message[column] !== stored[column])) updateHeaderColumns.run(message);
    const references = JSON.parse(message.refs) as string[];
    const widened = [...references, ...body.references.filter((reference) => !references.includes(reference))];
    threading.assign(
      {
        accountId: message.account_id,
        messageId: message.message_id,
        inReplyTo: message.in_reply_to,
        references: widened,
        subject: message.subject,
      },
      message.thread_id,
    );

    const protection = body.protection ? JSON.stringify(body.protection) : null;
    (upsertBody ??= prepareBody()).run(message.id, body.text, body.html, body.calendar ?? null, protection);
    deleteAttachments.run(message.id);
    for (const attachment of body.attachments) {
      insertAttachment.run({
        messageId: message.id,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        contentId: attachment.contentId,
        inline: attachment.inline ? 1 : 0,
        part: attachment.part,
        content: attachment.content === null ? null : Buffer.from(attachment.content),
      });
    }
    const hasAttachments = body.attachments.some((attachment) => !attachment.inline) ? 1 : 0;
    markBodyStored.run(body.snippet, hasAttachments, JSON.stringify(widened), message.content_id);

    const from = { name: message.from_name, address: message.from_address };
    const to = JSON.parse(message.to_json) as Address[];
    const cc = JSON.parse(message.cc_json) as Address[];
    reindexMessage.run({ id: message.content_id, ...searchColumns(message.subject, from, to, cc, body.text ?? '') });
  };

  const saveBodies = writeTransaction(db, (mailboxId: number, bodies: { uid: number; body: BodyRecord }[]) => {
    const found = bodies
      .map(({ uid, body }) => ({ message: selectByUid.get(mailboxId, uid), body }))
      // Expunged while the body was on its way: nothing to attach it to.
      .filter((entry): entry is { message: StoredMessage; body: BodyRecord } => entry.message !== undefined);
    // Ascending rowids keep the search index's pending terms in one segment (see saveHeaders).
    found.sort((a, b) => a.message.id - b.message.id);
    for (const { message, body } of found) storeBody(message, body);
  });

  return {
    syncMailboxes: writeTransaction(db, (accountId: string, serverMailboxes: ServerMailbox[]) => {
      for (const mailbox of serverMailboxes) {
        upsertMailbox.run({
          accountId,
          path: mailbox.path,
          name: mailbox.name,
          delimiter: mailbox.delimiter,
          role: mailbox.role,
          selectable: mailbox.selectable ? 1 : 0,
        });
      }
      const onServer = new Set(serverMailboxes.map((mailbox) => mailbox.path));
      for (const stored of selectMailboxes.all(accountId)) if (!onServer.has(stored.path)) deleteMailbox.run(stored.id);
      return mailboxes(accountId);
    }),
    mailboxes,
    mailbox(mailboxId) {
      const row = selectMailbox.get(mailboxId);
      return row && storedMailbox(row);
    },
    setMailboxState(mailboxId, state) {
      updateState.run({
        id: mailboxId,
        setUidValidity: state.uidValidity === undefined ? 0 : 1,
        uidValidity: state.uidValidity ?? null,
        setUidNext: state.uidNext === undefined ? 0 : 1,
        uidNext: state.uidNext ?? null,
        setHighestModseq: state.highestModseq === undefined ? 0 : 1,
        highestModseq: state.highestModseq ?? null,
        setSyncedDownToUid: state.syncedDownToUid === undefined ? 0 : 1,
        syncedDownToUid: state.syncedDownToUid ?? null,
        setServerCount: state.serverCount === undefined ? 0 : 1,
        serverCount: state.serverCount ?? null,
      });
    },
    resetMailbox: writeTransaction(db, (mailboxId: number, uidValidity: number) => {
      deleteMailboxMessages.run(mailboxId);
      startOver.run(uidValidity, mailboxId);
    }),
    saveHeaders,
    applyFlags: writeTransaction(
      db,
      (mailboxId: number, changes: { uid: number; flags: string[]; modseq: number | null }[]) => {
        for (const change of changes) {
          const seen = hasFlag(change.flags, '\\Seen');
          const flagged = hasFlag(change.flags, '\\Flagged');
          updateFlags.run(seen, flagged, JSON.stringify(change.flags), change.modseq, mailboxId, change.uid);
        }
      },
    ),
    removeUids: writeTransaction(db, (mailboxId: number, uids: number[]) => {
      for (const uid of uids) deleteByUid.run(mailboxId, uid);
    }),
    storedUids: (mailboxId) => selectUids.all(mailboxId),
    uidsWithoutBody: (mailboxId, limit) => selectUidsWithoutBody.all(mailboxId, limit),
    sizesWithoutBody: (mailboxId) => selectSizesWithoutBody.all(mailboxId),
    largeWithoutBody: (mailboxId, bytes) => selectLargeWithoutBody.all(mailboxId, bytes),
    saveBody: (mailboxId, uid, body) => saveBodies(mailboxId, [{ uid, body }]),
    saveBodies,
    locate: (messageIds) => messageIds.map((id) => selectLocation.get(id)).filter((location) => location !== undefined),
  };
}
