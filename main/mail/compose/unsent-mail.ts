import type { Draft } from '../../../shared/compose-models';
import type { UnsentMail } from '../../../shared/models';
import type { ReadonlyDb } from '../../store/readonly-db';
import { buildDraftMessage, newMessageId, type Sender } from './build-message';
import { createDraftReader } from './draft-repository';
import { toMbox } from './mbox';

const hasContent = (draft: Draft) =>
  draft.to.length + draft.cc.length + draft.bcc.length + draft.attachments.length > 0 ||
  [draft.subject, draft.text, draft.html ?? ''].some((field) => field.trim() !== '');

/**
 * An account's mail that exists nowhere but on this computer: its outbox items not sent yet and its
 * drafts not (or not in their latest version) in the server's Drafts folder. Sign-out and removal
 * never delete it without the person's choice; an export keeps it as an mbox file other mail
 * programs open.
 */
export function createUnsentMail(db: ReadonlyDb) {
  const drafts = createDraftReader(db);
  const outboxRows = db.prepare<[string], { raw: Buffer; created_at: number }>(
    // A sent message whose copy the Sent folder has not taken yet exists only here too.
    "SELECT raw, created_at FROM outbox WHERE account_id = ? AND (state <> 'sent' OR sent_copy_due IS NOT NULL) ORDER BY created_at, id",
  );
  const revisionOf = db.prepare<[number], number>('SELECT revision FROM drafts WHERE id = ?').pluck();
  // A draft whose latest version is in the server's Drafts folder is kept there. One never saved
  // since it was started (a composer opened and closed) holds only what the app put in it: its
  // signature, the quote of a message that is on the server, or nothing.
  const holdsWork = (draft: Draft) => (revisionOf.get(draft.id) ?? 1) > 1 && hasContent(draft);
  const draftsOf = (accountId: string) =>
    drafts
      .list()
      .filter((summary) => summary.accountId === accountId)
      .map((summary) => drafts.get(summary.id))
      .filter((draft): draft is Draft => draft !== null && draft.serverSavedAt === null && holdsWork(draft));

  return {
    count(accountId: string): UnsentMail {
      return { outbox: outboxRows.all(accountId).length, drafts: draftsOf(accountId).length };
    },
    async exportMbox(accountId: string, sender: Sender): Promise<Uint8Array> {
      const messages: { raw: Uint8Array; date: Date }[] = outboxRows
        .all(accountId)
        .map((row) => ({ raw: new Uint8Array(row.raw), date: new Date(row.created_at) }));
      for (const draft of draftsOf(accountId)) {
        const date = new Date(draft.savedAt);
        const raw = await buildDraftMessage(draft, drafts.files(draft.id), sender, {
          messageId: newMessageId(sender.email),
          date,
        });
        messages.push({ raw, date });
      }
      return toMbox(messages);
    },
  };
}
