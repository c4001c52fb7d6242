import { AppError } from '../../../shared/errors';
import type { Identity } from '../../../shared/identity-models';
import type { MessageDetail } from '../../../shared/mail-models';
import type { ReadonlyDb } from '../../store/readonly-db';
import type { DraftContent, DraftOrigin } from './draft-repository';

export interface ServerDraftSource {
  origin: DraftOrigin;
  inReplyTo: string | null;
  references: string[];
}

interface SourceRow {
  account_id: string;
  uid: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  path: string;
  uid_validity: number | null;
  role: string | null;
}

/**
 * Where a message of the server's Drafts folder lives, to replace it with the draft's first version
 * (or remove it when the draft leaves), and the threading headers the draft keeps.
 */
export function serverDraftSource(db: ReadonlyDb, messageId: number): ServerDraftSource {
  const row = db
    .prepare<[number], SourceRow>(
      `SELECT m.account_id, m.uid, m.message_id, m.in_reply_to, m.refs, b.path, b.uid_validity, b.role
       FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE m.id = ? AND m.hidden = 0`,
    )
    .get(messageId);
  if (!row) throw new AppError('NOT_FOUND', 'This draft is no longer here; it may have been sent or discarded.');
  if (row.role !== 'drafts')
    throw new AppError('INVALID_INPUT', 'Only a message in the Drafts folder opens as a draft.');
  return {
    origin: {
      accountId: row.account_id,
      path: row.path,
      uidValidity: row.uid_validity,
      uid: row.uid,
      messageId: row.message_id,
    },
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
  };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The draft's content as the message in Drafts holds it: a reply when it says what it answers,
 * from the alias its From names (null, the account's own address, for anything else).
 */
export function serverDraftContent(
  message: MessageDetail,
  source: ServerDraftSource,
  identities: Identity[],
): DraftContent {
  const alias = identities.find((identity) => !identity.primary && same(identity.address, message.from.address));
  return {
    accountId: source.origin.accountId,
    mode: source.inReplyTo ? 'reply' : 'new',
    to: message.to,
    cc: message.cc,
    bcc: [],
    subject: message.subject,
    html: message.html,
    text: message.text ?? '',
    inReplyTo: source.inReplyTo,
    references: source.references,
    sourceMessageId: null,
    from: alias?.address ?? null,
  };
}
