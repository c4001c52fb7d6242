import { providerMessageLimitBytes } from '../../shared/compose-models';
import { AppError } from '../../shared/errors';
import type { Emitter, ServiceImpl } from '../../shared/ipc/serve';
import type { AccountRepository } from '../accounts/account-repository';
import { suggestAddresses } from '../mail/compose/address-suggestions';
import { buildMessage, newMessageId } from '../mail/compose/build-message';
import { createDraftRepository, draftGone, type DraftFile } from '../mail/compose/draft-repository';
import { replyDraft } from '../mail/compose/reply-draft';
import { createServerDraftRemovals } from '../mail/compose/server-draft-removals';
import type { MailEngine } from '../mail/engine/mail-engine-client';
import { createOutboxRepository } from '../mail/outbox/outbox-repository';
import type { MailReader } from '../mail/store/mail-reader';
import { writeTransaction, type Db } from '../store/database';

type ComposeMethods =
  | 'compose.start'
  | 'compose.save'
  | 'compose.get'
  | 'compose.drafts'
  | 'compose.discard'
  | 'compose.addAttachment'
  | 'compose.removeAttachment'
  | 'compose.send'
  | 'compose.suggestAddresses'
  | 'outbox.list'
  | 'outbox.sendNow'
  | 'outbox.undo'
  | 'outbox.edit'
  | 'outbox.delete';

export interface ComposeServicesContext {
  db: Db;
  reader: MailReader;
  accounts: AccountRepository;
  engine: MailEngine;
  emitter: Emitter;
  /** How long a sent message waits in the outbox so it can be undone. */
  undoDelayMs: number;
  now?: () => number;
}

const messageGone = () =>
  new AppError('NOT_FOUND', 'This message is no longer here; it may have been moved or deleted.');
const outboxGone = () => new AppError('NOT_FOUND', 'This message is no longer in the outbox.');
const accountGone = () => new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');

/** Drafts, the composer and the outbox on the UI thread; the engine does the sending. */
export function createComposeServices(context: ComposeServicesContext): Pick<ServiceImpl, ComposeMethods> {
  const { db, engine, emitter } = context;
  const now = context.now ?? Date.now;
  const drafts = createDraftRepository(db);
  const outbox = createOutboxRepository(db);
  const removals = createServerDraftRemovals(db);
  const { accounts, reader } = context;
  const refsOf = db.prepare<[number], string>('SELECT refs FROM messages WHERE id = ?').pluck();

  const draftsChanged = (accountId: string) => emitter.emit('compose.draftsChanged', { accountId });
  /** A local save; the engine copies it to the server's Drafts folder after a pause. */
  const draftEdited = (accountId: string, draftId: number) => {
    draftsChanged(accountId);
    void engine.call('draftChanged', { draftId }).catch(() => undefined);
  };
  /** Commits `change`, which takes the draft out of the account, with the request to remove its server copies. */
  const leaving = <T>(accountId: string, draftId: number, change: () => T): T =>
    writeTransaction(db, () => {
      const result = change();
      removals.request(accountId, draftId);
      return result;
    })();
  const draftLeft = (accountId: string, draftId: number) => {
    draftsChanged(accountId);
    void engine.call('draftGone', { accountId, draftId }).catch(() => undefined);
  };
  const outboxChanged = (accountId: string) => {
    emitter.emit('outbox.changed', { accountId });
    void engine.call('outboxWake', {}).catch(() => undefined);
  };
  const accountOf = (accountId: string) => {
    const account = accounts.get(accountId);
    if (!account) throw accountGone();
    return account;
  };

  /** A forward carries the original's attachments; bytes not stored come from the server. */
  const forwardedFiles = async (
    messageId: number,
    attachments: { id: number; filename: string; contentType: string; inline?: boolean }[],
  ) => {
    const files: DraftFile[] = [];
    for (const attachment of attachments) {
      const { content } = await engine.call('fetchAttachment', { messageId, attachmentId: attachment.id });
      files.push({ filename: attachment.filename, contentType: attachment.contentType, content });
    }
    return files;
  };

  const backToDraft = (removed: { draftId: number | null } | null, accountId: string) => {
    if (!removed) return { draftId: null };
    outboxChanged(accountId);
    if (removed.draftId) draftEdited(accountId, removed.draftId);
    else draftsChanged(accountId);
    return { draftId: removed.draftId };
  };
  const outboxItem = (outboxId: number) => {
    const item = outbox.get(outboxId);
    if (!item) throw outboxGone();
    return item;
  };

  return {
    'compose.start': async (input) => {
      if (input.mode === 'new') {
        accountOf(input.accountId);
        const draft = drafts.create(
          {
            accountId: input.accountId,
            mode: 'new',
            to: [],
            cc: [],
            bcc: [],
            subject: '',
            html: null,
            text: '',
            inReplyTo: null,
            references: [],
            sourceMessageId: null,
          },
          [],
          now(),
        );
        draftsChanged(draft.accountId);
        return draft;
      }
      if (!reader.hasBody(input.messageId)) await engine.call('fetchBody', { messageId: input.messageId });
      const source = reader.message(input.messageId);
      if (!source) throw messageGone();
      const references = JSON.parse(refsOf.get(input.messageId) ?? '[]') as string[];
      const content = replyDraft({ ...source, references }, input.mode, accountOf(source.accountId).email);
      const files = input.mode === 'forward' ? await forwardedFiles(source.id, source.attachments) : [];
      const draft = drafts.create(content, files, now());
      draftsChanged(draft.accountId);
      return draft;
    },
    'compose.save': async ({ draftId, ...changes }) => {
      if (changes.accountId) accountOf(changes.accountId);
      const before = drafts.editable(draftId).accountId;
      const after = changes.accountId ?? before;
      const update = () => drafts.update(draftId, changes, now());
      // Moved to another account: the old account's Drafts copy goes, the new one gets it.
      const savedAt = after === before ? update() : leaving(before, draftId, update);
      if (after !== before) draftLeft(before, draftId);
      draftEdited(after, draftId);
      return { draftId, savedAt };
    },
    'compose.get': async ({ draftId }) => {
      const draft = drafts.get(draftId);
      if (!draft) throw draftGone();
      return draft;
    },
    'compose.drafts': async () => drafts.list(),
    'compose.discard': async ({ draftId }) => {
      const draft = drafts.editable(draftId);
      leaving(draft.accountId, draftId, () => drafts.remove(draftId));
      draftLeft(draft.accountId, draftId);
      return { discarded: true };
    },
    'compose.addAttachment': async ({ draftId, filename, contentType, dataBase64 }) => {
      const draft = drafts.editable(draftId);
      const attachment = drafts.addFile(
        draftId,
        { filename, contentType, content: Buffer.from(dataBase64, 'base64') },
        now(),
      );
      draftEdited(draft.accountId, draftId);
      // Base64 in the message adds a third to the bytes.
      const estimated = Math.ceil((drafts.attachmentBytes(draftId) * 4) / 3);
      const warning =
        estimated > providerMessageLimitBytes
          ? `This message is now about ${Math.round(estimated / 1024 / 1024)} MB; most mail services refuse messages over ${Math.round(providerMessageLimitBytes / 1024 / 1024)} MB.`
          : null;
      return { attachment, warning };
    },
    'compose.removeAttachment': async ({ draftId, attachmentId }) => {
      const draft = drafts.editable(draftId);
      drafts.removeFile(draftId, attachmentId, now());
      draftEdited(draft.accountId, draftId);
      return {};
    },
    'compose.send': async ({ draftId }) => {
      const draft = drafts.get(draftId);
      if (!draft) throw draftGone();
      const account = accountOf(draft.accountId);
      const sendAt = now() + context.undoDelayMs;
      // Built once, with its Message-ID fixed, and stored before anything touches the network.
      const built = await buildMessage(draft, drafts.files(draftId), account, {
        messageId: newMessageId(account.email),
        date: new Date(sendAt),
      });
      const outboxId = leaving(draft.accountId, draftId, () =>
        outbox.add(
          {
            accountId: draft.accountId,
            draftId,
            messageId: built.messageId,
            envelope: built.envelope,
            raw: built.raw,
            subject: draft.subject,
            to: [...draft.to, ...draft.cc, ...draft.bcc],
            sendAt,
          },
          now(),
        ),
      );
      const item = outbox.get(outboxId)!;
      // Another send of this draft queued it first: that item is the one on its way.
      if (item.messageId !== built.messageId) return { outboxId, sendAt: item.sendAt };
      outboxChanged(draft.accountId);
      draftLeft(draft.accountId, draftId);
      return { outboxId, sendAt };
    },
    'compose.suggestAddresses': async ({ prefix, accountId }) => suggestAddresses(db, prefix, accountId ?? null),
    'outbox.list': async () => outbox.list().map(({ draftId: _draftId, messageId: _messageId, ...item }) => item),
    'outbox.sendNow': async ({ outboxId }) => {
      const { accountId } = outboxItem(outboxId);
      if (outbox.release(outboxId, now())) outboxChanged(accountId);
      return {};
    },
    'outbox.undo': async ({ outboxId }) => {
      const item = outboxItem(outboxId);
      return backToDraft(outbox.removeIf(outboxId, ['queued', 'retrying']), item.accountId);
    },
    'outbox.edit': async ({ outboxId }) => {
      const item = outboxItem(outboxId);
      return backToDraft(outbox.removeIf(outboxId, ['queued', 'retrying', 'failed', 'possiblySent']), item.accountId);
    },
    'outbox.delete': async ({ outboxId }) => {
      const item = outbox.get(outboxId);
      if (!item) return { deleted: false };
      const removed = outbox.removeIf(outboxId, ['queued', 'retrying', 'failed', 'possiblySent', 'sent']);
      if (!removed) return { deleted: false };
      if (removed.draftId) drafts.remove(removed.draftId);
      outboxChanged(item.accountId);
      return { deleted: true };
    },
  };
}
