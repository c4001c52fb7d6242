import type { ComposeMode, Draft, DraftSummary } from '../../../shared/compose-models';
import { maxDraftAttachmentBytes } from '../../../shared/compose-models';
import { AppError } from '../../../shared/errors';
import type { Address, AttachmentSummary } from '../../../shared/mail-models';
import { writeTransaction, type Db } from '../../store/database';
import { readonlyDb, type ReadonlyDb } from '../../store/readonly-db';

/** What a draft holds besides its id and save times. */
export interface DraftContent {
  accountId: string;
  mode: ComposeMode;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  html: string | null;
  text: string;
  inReplyTo: string | null;
  references: string[];
  sourceMessageId: number | null;
  /** The identity's address it is sent from; null: the account's own. */
  from: string | null;
}

export interface DraftFile {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/**
 * The message in the server's Drafts folder a draft was opened from. Its first saved version takes
 * that message's place there; it is found by UID while the folder's UIDVALIDITY holds, else by its
 * Message-ID.
 */
export interface DraftOrigin {
  accountId: string;
  path: string;
  uidValidity: number | null;
  uid: number;
  messageId: string | null;
}

/** What a save may change. */
export type DraftChanges = Partial<
  Pick<DraftContent, 'accountId' | 'from' | 'to' | 'cc' | 'bcc' | 'subject' | 'html' | 'text'>
>;

export interface DraftReader {
  get(draftId: number): Draft | null;
  /** Throws NOT_FOUND when gone, and refuses a draft that is waiting in the outbox. */
  editable(draftId: number): Draft;
  /** Drafts not waiting in the outbox, newest first. */
  list(): DraftSummary[];
  files(draftId: number): DraftFile[];
  attachmentBytes(draftId: number): number;
  /** The revision the next server copy would carry; null when the draft is gone or in the outbox. */
  revisionForServer(draftId: number): number | null;
  /** The account's edited drafts whose latest revision is not on the server yet. */
  notOnServer(accountId: string): number[];
  origin(draftId: number): DraftOrigin | null;
  /** The account's draft whose copy on the server carries this Message-ID, or that was opened from it. */
  openedAs(accountId: string, copy: { messageId: string | null; path: string; uid: number }): number | null;
}

/** The drafts' writer, in the engine. */
export interface DraftRepository extends DraftReader {
  /** Revision 1, with or without files: nothing the person changed yet. */
  create(content: DraftContent, files: DraftFile[], now: number, origin?: DraftOrigin): Draft;
  update(draftId: number, changes: DraftChanges, now: number): number;
  addFile(draftId: number, file: DraftFile, now: number): AttachmentSummary;
  removeFile(draftId: number, attachmentId: number, now: number): void;
  remove(draftId: number): void;
  /**
   * Removes a draft nothing was done to since it was created (never saved, never on the server,
   * not in the outbox); true when it did. The message it was opened from stays on the server.
   */
  removeIfUntouched(draftId: number): boolean;
  /** The server's Drafts folder holds this revision now, as the message with this Message-ID. */
  markOnServer(draftId: number, revision: number, now: number, messageId: string): void;
  /** The message the draft was opened from is no longer the draft's business (replaced, or another account's). */
  clearOrigin(draftId: number): void;
}

interface DraftRow {
  id: number;
  account_id: string;
  mode: ComposeMode;
  to_json: string;
  cc_json: string;
  bcc_json: string;
  subject: string;
  html: string | null;
  text: string;
  in_reply_to: string | null;
  refs: string;
  source_message_id: number | null;
  saved_at: number;
  server_saved_at: number | null;
  server_revision: number | null;
  revision: number;
  from_address: string | null;
  origin_json: string | null;
}

export const draftGone = () =>
  new AppError('NOT_FOUND', 'This draft is no longer here; it may have been sent or discarded.');
const draftInOutbox = () =>
  new AppError('INVALID_INPUT', 'This message is in the outbox. Undo or edit it there to change it.');
const tooLarge = () =>
  new AppError(
    'INVALID_INPUT',
    `Attachments can add up to ${Math.round(maxDraftAttachmentBytes / 1024 / 1024)} MB per message; this one would be larger.`,
  );

/** Local drafts and their attachment bytes as stored; a read-only connection is enough. */
export function createDraftReader(db: ReadonlyDb): DraftReader {
  const attachmentsOf = (draftId: number): AttachmentSummary[] =>
    db
      .prepare<[number], AttachmentSummary>(
        `SELECT id, filename, content_type AS contentType, length(content) AS size
         FROM draft_attachments WHERE draft_id = ? ORDER BY id`,
      )
      .all(draftId);
  const toDraft = (row: DraftRow): Draft => ({
    id: row.id,
    accountId: row.account_id,
    mode: row.mode,
    to: JSON.parse(row.to_json) as Address[],
    cc: JSON.parse(row.cc_json) as Address[],
    bcc: JSON.parse(row.bcc_json) as Address[],
    subject: row.subject,
    html: row.html,
    text: row.text,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    sourceMessageId: row.source_message_id,
    from: row.from_address,
    attachments: attachmentsOf(row.id),
    savedAt: row.saved_at,
    serverSavedAt: row.server_revision === row.revision ? row.server_saved_at : null,
  });
  const inOutbox = db.prepare<[number], number>('SELECT 1 FROM outbox WHERE draft_id = ?').pluck();

  const reader: DraftReader = {
    get(draftId) {
      const row = db.prepare<[number], DraftRow>('SELECT * FROM drafts WHERE id = ?').get(draftId);
      return row ? toDraft(row) : null;
    },
    editable(draftId) {
      const draft = reader.get(draftId);
      if (!draft) throw draftGone();
      if (inOutbox.get(draftId)) throw draftInOutbox();
      return draft;
    },
    list() {
      return db
        .prepare<[], DraftRow>(
          `SELECT * FROM drafts WHERE id NOT IN (SELECT draft_id FROM outbox WHERE draft_id IS NOT NULL)
           ORDER BY saved_at DESC, id DESC`,
        )
        .all()
        .map((row) => ({
          id: row.id,
          accountId: row.account_id,
          mode: row.mode,
          subject: row.subject,
          to: JSON.parse(row.to_json) as Address[],
          savedAt: row.saved_at,
        }));
    },
    files(draftId) {
      return db
        .prepare<[number], { filename: string; contentType: string; content: Buffer }>(
          'SELECT filename, content_type AS contentType, content FROM draft_attachments WHERE draft_id = ? ORDER BY id',
        )
        .all(draftId)
        .map((row) => ({ ...row, content: new Uint8Array(row.content) }));
    },
    attachmentBytes(draftId) {
      return db
        .prepare<[number], number>('SELECT COALESCE(SUM(length(content)), 0) FROM draft_attachments WHERE draft_id = ?')
        .pluck()
        .get(draftId)!;
    },
    revisionForServer(draftId) {
      if (inOutbox.get(draftId)) return null;
      return db.prepare<[number], number>('SELECT revision FROM drafts WHERE id = ?').pluck().get(draftId) ?? null;
    },
    notOnServer(accountId) {
      return db
        .prepare<[string], number>(
          // Revision 1 was never edited: nothing of the user's to keep on the server yet.
          `SELECT id FROM drafts WHERE account_id = ? AND revision > 1 AND server_revision IS NOT revision
             AND id NOT IN (SELECT draft_id FROM outbox WHERE draft_id IS NOT NULL)`,
        )
        .pluck()
        .all(accountId);
    },
    origin(draftId) {
      const json = db
        .prepare<[number], string | null>('SELECT origin_json FROM drafts WHERE id = ?')
        .pluck()
        .get(draftId);
      return json ? (JSON.parse(json) as DraftOrigin) : null;
    },
    openedAs(accountId, copy) {
      return (
        db
          .prepare<[string, string | null, string, number], number>(
            `SELECT id FROM drafts WHERE account_id = ? AND (server_message_id = ?
               OR (json_extract(origin_json, '$.path') = ? AND json_extract(origin_json, '$.uid') = ?))
             ORDER BY saved_at DESC LIMIT 1`,
          )
          .pluck()
          .get(accountId, copy.messageId, copy.path, copy.uid) ?? null
      );
    },
  };
  return reader;
}

/** Local drafts and their attachment bytes, in the store, saved on every call. */
export function createDraftRepository(db: Db): DraftRepository {
  const touch = db.prepare<[number, number]>('UPDATE drafts SET saved_at = ?, revision = revision + 1 WHERE id = ?');

  const repository: DraftRepository = {
    ...createDraftReader(readonlyDb(db)),
    create(content, files, now, origin) {
      const id = writeTransaction(db, () => {
        const { lastInsertRowid } = db
          .prepare(
            // A draft's id names its copies on the server (X-Harbor-Draft): never the id of a draft
            // whose copies are still to be removed there, which SQLite would hand out again once
            // that draft's row was the newest and is gone.
            `INSERT INTO drafts (id, account_id, mode, to_json, cc_json, bcc_json, subject, html, text, in_reply_to, refs,
               source_message_id, from_address, saved_at, origin_json)
             VALUES (
               (SELECT MAX(used) + 1 FROM (SELECT IFNULL(MAX(id), 0) AS used FROM drafts
                  UNION ALL SELECT IFNULL(MAX(draft_id), 0) FROM server_draft_removals)),
               @accountId, @mode, @to, @cc, @bcc, @subject, @html, @text, @inReplyTo, @refs, @sourceMessageId,
               @from, @now, @origin)`,
          )
          .run({
            ...content,
            to: JSON.stringify(content.to),
            cc: JSON.stringify(content.cc),
            bcc: JSON.stringify(content.bcc),
            refs: JSON.stringify(content.references),
            now,
            origin: origin ? JSON.stringify(origin) : null,
          });
        const draftId = Number(lastInsertRowid);
        for (const file of files) repository.addFile(draftId, file, now);
        db.prepare('UPDATE drafts SET revision = 1 WHERE id = ?').run(draftId);
        return draftId;
      })();
      return repository.get(id)!;
    },
    update(draftId, changes, now) {
      const current = repository.editable(draftId);
      const next = { ...current, ...changes };
      db.prepare(
        `UPDATE drafts SET account_id = @accountId, from_address = @from, to_json = @to, cc_json = @cc, bcc_json = @bcc, subject = @subject,
           html = @html, text = @text, saved_at = @now, revision = revision + 1 WHERE id = @id`,
      ).run({
        id: draftId,
        accountId: next.accountId,
        from: next.from,
        to: JSON.stringify(next.to),
        cc: JSON.stringify(next.cc),
        bcc: JSON.stringify(next.bcc),
        subject: next.subject,
        html: next.html,
        text: next.text,
        now,
      });
      return now;
    },
    addFile(draftId, file, now) {
      return writeTransaction(db, () => {
        if (repository.attachmentBytes(draftId) + file.content.byteLength > maxDraftAttachmentBytes) throw tooLarge();
        const { lastInsertRowid } = db
          .prepare('INSERT INTO draft_attachments (draft_id, filename, content_type, content) VALUES (?, ?, ?, ?)')
          .run(draftId, file.filename, file.contentType, Buffer.from(file.content));
        touch.run(now, draftId);
        return {
          id: Number(lastInsertRowid),
          filename: file.filename,
          contentType: file.contentType,
          size: file.content.byteLength,
        };
      })();
    },
    removeFile(draftId, attachmentId, now) {
      db.prepare('DELETE FROM draft_attachments WHERE id = ? AND draft_id = ?').run(attachmentId, draftId);
      touch.run(now, draftId);
    },
    remove(draftId) {
      db.prepare('DELETE FROM drafts WHERE id = ?').run(draftId);
    },
    removeIfUntouched(draftId) {
      const { changes } = db
        .prepare(
          `DELETE FROM drafts WHERE id = ? AND revision = 1 AND server_revision IS NULL
             AND id NOT IN (SELECT draft_id FROM outbox WHERE draft_id IS NOT NULL)`,
        )
        .run(draftId);
      return changes === 1;
    },
    markOnServer(draftId, revision, now, messageId) {
      db.prepare('UPDATE drafts SET server_revision = ?, server_saved_at = ?, server_message_id = ? WHERE id = ?').run(
        revision,
        now,
        messageId,
        draftId,
      );
    },
    clearOrigin(draftId) {
      db.prepare('UPDATE drafts SET origin_json = NULL WHERE id = ?').run(draftId);
    },
  };
  return repository;
}
