import { providerMessageLimitBytes, type Draft, type OutboxState } from '../../shared/compose-models';
import { AppError } from '../../shared/errors';
import type { Emitter, ServiceImpl } from '../../shared/ipc/serve';
import type { AccountRepository } from '../accounts/account-repository';
import { addressedIdentity, chooseIdentity } from '../identity/choose-identity';
import type { IdentityReader } from '../identity/identity-repository';
import { composeBody } from '../../shared/signature';
import { noSignature } from '../../shared/identity-models';
import type { SettingsStore } from '../settings/settings-store';
import { suggestAddresses } from '../mail/compose/address-suggestions';
import { createDraftReader, draftGone, type DraftFile } from '../mail/compose/draft-repository';
import { replyDraft } from '../mail/compose/reply-draft';
import { serverDraftContent, serverDraftSource } from '../mail/compose/server-draft-source';
import type { MailEngine } from '../mail/engine/mail-engine-client';
import { createOutboxReader } from '../mail/outbox/outbox-repository';
import type { MailReader } from '../mail/store/mail-reader';
import type { Db } from '../store/database';
import { readonlyDb } from '../store/readonly-db';

type ComposeMethods =
  | 'compose.start'
  | 'compose.save'
  | 'compose.get'
  | 'compose.openServerDraft'
  | 'compose.close'
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
  | 'outbox.delete'
  | 'mail.answerInvitation';

export interface ComposeServicesContext {
  db: Db;
  reader: MailReader;
  accounts: AccountRepository;
  engine: MailEngine;
  emitter: Emitter;
  identities: IdentityReader;
  /** The Writing settings: format, quote position, and how long a sent message waits so it can be undone. */
  settings: Pick<SettingsStore, 'read'>;
  now?: () => number;
}

/** How long a reply waits for the server to say where a message was delivered before going without it. */
const deliveryLookupMs = 3_000;

const messageGone = () =>
  new AppError('NOT_FOUND', 'This message is no longer here; it may have been moved or deleted.');
const accountGone = () => new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');

/**
 * The composer and the outbox on the UI thread. It reads drafts and the outbox through a read-only
 * connection; the engine, their only writer, makes every change it asks for (and the sending).
 */
export function createComposeServices(context: ComposeServicesContext): Pick<ServiceImpl, ComposeMethods> {
  const { db, engine, emitter } = context;
  const now = context.now ?? Date.now;
  const readable = readonlyDb(db);
  const drafts = createDraftReader(readable);
  const outbox = createOutboxReader(readable);
  const { accounts, reader, identities, settings } = context;
  const refsOf = db.prepare<[number], string>('SELECT refs FROM messages WHERE id = ?').pluck();

  const draftsChanged = ({ accountIds }: { accountIds: string[] }) => {
    for (const accountId of accountIds) emitter.emit('compose.draftsChanged', { accountId });
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
  /**
   * The envelope recipients of a message whose To and Cc name none of the person's addresses.
   * The store keeps no delivery headers, so the server is asked; offline, or slow, the reply goes
   * without them (from the account's own address) rather than wait.
   */
  const deliveredTo = async (messageId: number): Promise<string[]> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), deliveryLookupMs)));
    try {
      return await Promise.race([engine.call('deliveryAddresses', { messageId }).catch(() => []), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  const created = (draft: Draft) => {
    draftsChanged({ accountIds: [draft.accountId] });
    return draft;
  };
  const takeBack = async (outboxId: number, states: OutboxState[]) => {
    const { draftId, accountIds } = await engine.call('outboxTakeBack', { outboxId, states });
    draftsChanged({ accountIds });
    return { draftId };
  };

  return {
    'compose.start': async (input) => {
      if (input.mode === 'new') {
        accountOf(input.accountId);
        const own = identities.find(input.accountId, null);
        const body = composeBody({
          quote: null,
          signature: own?.signature ?? noSignature,
          position: 'top',
          rich: settings.read().composeFormat === 'rich',
        });
        return created(
          await engine.call('draftCreate', {
            content: {
              accountId: input.accountId,
              mode: 'new',
              to: [],
              cc: [],
              bcc: [],
              subject: '',
              html: body.html,
              text: body.text,
              inReplyTo: null,
              references: [],
              sourceMessageId: null,
              from: null,
            },
            files: [],
          }),
        );
      }
      if (!reader.hasBody(input.messageId)) await engine.call('fetchBody', { messageId: input.messageId });
      const source = reader.message(input.messageId);
      if (!source) throw messageGone();
      const references = JSON.parse(refsOf.get(input.messageId) ?? '[]') as string[];
      const account = accountOf(source.accountId);
      const own = identities.list(account.id);
      const delivered = own.length > 1 && !addressedIdentity(own, source) ? await deliveredTo(source.id) : [];
      const identity = chooseIdentity(own, source, delivered);
      const content = replyDraft(
        { ...source, references },
        input.mode,
        {
          ownAddresses: [account.email, ...own.map((each) => each.address)],
          from: identity && !identity.primary ? identity.address : null,
          signature: identity?.signature ?? noSignature,
          settings: settings.read(),
        },
        input.dates,
      );
      const files = input.mode === 'forward' ? await forwardedFiles(source.id, source.attachments) : [];
      return created(await engine.call('draftCreate', { content, files }));
    },
    'compose.save': async ({ draftId, ...changes }) => {
      if (changes.accountId) accountOf(changes.accountId);
      if (changes.from !== undefined) {
        const accountId = changes.accountId ?? drafts.get(draftId)?.accountId;
        if (!accountId) throw draftGone();
        if (!identities.find(accountId, changes.from)) {
          throw new AppError('INVALID_INPUT', `${changes.from} is not an address this account sends from.`);
        }
      }
      const saved = await engine.call('draftSave', { draftId, changes });
      draftsChanged(saved);
      return { draftId, savedAt: saved.savedAt };
    },
    'compose.get': async ({ draftId }) => {
      const draft = drafts.get(draftId);
      if (!draft) throw draftGone();
      return draft;
    },
    'compose.openServerDraft': async ({ messageId }) => {
      const source = serverDraftSource(readable, messageId);
      const known = drafts.openedAs(source.origin.accountId, source.origin);
      if (known !== null) return drafts.editable(known);
      if (!reader.hasBody(messageId)) await engine.call('fetchBody', { messageId });
      const message = reader.message(messageId);
      if (!message) throw messageGone();
      const files = await forwardedFiles(messageId, message.attachments);
      return created(
        await engine.call('draftCreate', {
          content: serverDraftContent(message, source, identities.list(source.origin.accountId)),
          files,
          origin: source.origin,
        }),
      );
    },
    'compose.close': async ({ draftId }) => {
      const closed = await engine.call('draftClose', { draftId });
      draftsChanged(closed);
      return { removed: closed.removed };
    },
    'compose.drafts': async () => drafts.list(),
    'compose.discard': async ({ draftId }) => {
      draftsChanged(await engine.call('draftDiscard', { draftId }));
      return { discarded: true };
    },
    'compose.addAttachment': async ({ draftId, filename, contentType, dataBase64 }) => {
      const added = await engine.call('draftAddFile', {
        draftId,
        file: { filename, contentType, content: Buffer.from(dataBase64, 'base64') },
      });
      draftsChanged(added);
      // Base64 in the message adds a third to the bytes.
      const estimated = Math.ceil((added.attachmentBytes * 4) / 3);
      const warning =
        estimated > providerMessageLimitBytes
          ? `This message is now about ${Math.round(estimated / 1024 / 1024)} MB; most mail services refuse messages over ${Math.round(providerMessageLimitBytes / 1024 / 1024)} MB.`
          : null;
      return { attachment: added.attachment, warning };
    },
    'compose.removeAttachment': async ({ draftId, attachmentId }) => {
      draftsChanged(await engine.call('draftRemoveFile', { draftId, attachmentId }));
      return {};
    },
    'compose.send': async ({ draftId }) => {
      const undoDelayMs = settings.read().undoSendSeconds * 1000;
      const sent = await engine.call('draftSend', { draftId, sendAt: now() + undoDelayMs });
      draftsChanged(sent);
      return { outboxId: sent.outboxId, sendAt: sent.sendAt };
    },
    'compose.suggestAddresses': async ({ prefix, accountId }) => suggestAddresses(db, prefix, accountId ?? null),
    'outbox.list': async () => outbox.list().map(({ draftId: _draftId, messageId: _messageId, ...item }) => item),
    'outbox.sendNow': async ({ outboxId }) => {
      await engine.call('outboxSendNow', { outboxId });
      return {};
    },
    'outbox.undo': async ({ outboxId }) => takeBack(outboxId, ['queued', 'retrying']),
    'outbox.edit': async ({ outboxId }) => takeBack(outboxId, ['queued', 'retrying', 'failed', 'possiblySent']),
    'outbox.delete': async ({ outboxId }) => engine.call('outboxDelete', { outboxId }),
    // An answer leaves at once: pressing another answer sends that one, as in any calendar.
    'mail.answerInvitation': async ({ messageId, answer }) => {
      const detail = reader.message(messageId);
      if (!detail) throw messageGone();
      if (!detail.event?.canAnswer) throw new AppError('INVALID_INPUT', 'This message holds no invitation to answer.');
      const queued = await engine.call('invitationAnswer', { messageId, answer, sendAt: now() });
      emitter.emit('mail.changed', { accountId: queued.accountId, folderIds: [detail.folderId] });
      return { outboxId: queued.outboxId, answer };
    },
  };
}
