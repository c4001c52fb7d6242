import { AppError } from '../../../shared/errors';
import type { Db } from '../../store/database';

export interface StoredAttachment {
  filename: string;
  part: string | null;
  content: Uint8Array | null;
}

const notFound = () => new AppError('NOT_FOUND', 'This attachment is no longer in the message.');

/** Where an attachment's bytes come from: kept in the store (inline images) or a part on the server. */
export function storedAttachment(db: Db, messageId: number, attachmentId: number): StoredAttachment {
  const row = db
    .prepare<[number, number], { filename: string; part: string | null; content: Buffer | null }>(
      `SELECT filename, part, content FROM attachments WHERE id = ? AND message_id IN (
        SELECT id FROM messages WHERE content_id = (SELECT content_id FROM messages WHERE id = ?)
      )`,
    )
    .get(attachmentId, messageId);
  if (!row) throw notFound();
  return { filename: row.filename, part: row.part, content: row.content ? new Uint8Array(row.content) : null };
}

export const attachmentWithoutPart = notFound;
