import { AppError } from '../../shared/errors';
import type { ServiceImpl } from '../../shared/ipc/serve';
import type { Account } from '../accounts/account-repository';
import type { EngineAccount } from '../mail/engine/engine-api';
import type { MailEngine } from '../mail/engine/mail-engine-client';
import { createRemoteImageFetcher } from '../mail/remote-images/fetch-remote-images';
import { remoteImageUrlsIn } from '../mail/remote-images/image-urls-in-html';
import { traced } from '../logging/trace';
import type { MailReader } from '../mail/store/mail-reader';
import type { Db } from '../store/database';
import type { ListView } from '../../shared/mail-models';
import type { SaveFile } from '../files/save-file';
import type { SettingsStore } from '../settings/settings-store';

type MailMethods =
  | 'mail.folders'
  | 'mail.list'
  | 'mail.open'
  | 'mail.conversation'
  | 'mail.setFlags'
  | 'mail.markAllRead'
  | 'mail.move'
  | 'mail.delete'
  | 'mail.undo'
  | 'mail.searchServer'
  | 'mail.allowRemoteContent'
  | 'mail.remoteImages'
  | 'mail.saveAttachment'
  | 'mail.exportFolder'
  | 'mail.syncNow'
  | 'mail.syncStatus'
  | 'tls.trustCertificate'
  | 'mail.restartEngine';

export interface MailServicesContext {
  db: Db;
  reader: MailReader;
  engine: MailEngine;
  saveFile: SaveFile;
  remoteImages: { allowPrivateNetwork: boolean };
  /** The remote content default of the Reading settings. */
  settings: Pick<SettingsStore, 'read'>;
  log: (line: string) => void;
}

const messageGone = () =>
  new AppError('NOT_FOUND', 'This message is no longer here; it may have been moved or deleted.');

/** The accounts the engine should keep in sync: every one that can sign in right now. */
export function engineAccounts(accounts: Account[]): EngineAccount[] {
  return accounts
    .filter((account) => account.status === 'active')
    .map(({ id, email, authKind, imap }) => ({ id, email, authKind, imap }));
}

export function createMailServices(context: MailServicesContext): Pick<ServiceImpl, MailMethods> {
  const { engine } = context;
  const { reader } = context;
  const fetchRemoteImages = createRemoteImageFetcher({ allowPrivateNetwork: context.remoteImages.allowPrivateNetwork });
  const accountEmail = context.db.prepare<[string], string>('SELECT email FROM accounts WHERE id = ?').pluck();
  const folderAccount = context.db.prepare<[number], { accountId: string }>(
    'SELECT account_id AS accountId FROM mailboxes WHERE id = ?',
  );
  // The folder the user is looking at is kept live besides the Inbox (which always is); a folder
  // left for another view, another account's folder or a search stops being watched.
  let watched: { accountId: string; folderId: number } | null = null;
  const watchFolder = (accountId: string, folderId: number | null) =>
    void traced(engine.call('watchFolder', { accountId, folderId }), 'watching the folder shown', context.log);
  const showing = (view: ListView) => {
    const folderId = view.kind === 'folder' ? view.folderId : view.kind === 'search' ? (view.folderId ?? null) : null;
    if (folderId === (watched?.folderId ?? null)) return;
    const owner = folderId === null ? undefined : folderAccount.get(folderId);
    if (watched && watched.accountId !== owner?.accountId) watchFolder(watched.accountId, null);
    watched = owner && folderId !== null ? { accountId: owner.accountId, folderId } : null;
    if (watched) watchFolder(watched.accountId, watched.folderId);
  };

  return {
    'mail.folders': async () => reader.folders(),
    'mail.list': async ({ view, offset, limit, conversations }) => {
      showing(view);
      return reader.list(view, offset, limit, conversations);
    },
    'mail.open': async ({ messageId, markRead }) => {
      if (!reader.hasBody(messageId)) await engine.call('fetchBody', { messageId });
      const stored = reader.message(messageId);
      if (!stored) throw messageGone();
      // "Load remote content" in Settings allows it for every sender; otherwise per sender.
      const detail =
        context.settings.read().remoteContent === 'load' ? { ...stored, remoteContentAllowed: true } : stored;
      if (!detail.unread || !markRead) return detail;
      // A stored message opens even when the engine cannot mark it read right now.
      const marked = await traced(
        engine.call('setFlags', { messageIds: [messageId], unread: false }).then(() => true),
        'marking an opened message read',
        context.log,
      );
      return { ...detail, unread: marked !== true };
    },
    'mail.conversation': async ({ accountId, threadId, folderId }) =>
      reader.conversation(accountId, threadId, folderId),
    'mail.setFlags': (input) => engine.call('setFlags', input),
    'mail.markAllRead': (input) => engine.call('markAllRead', input),
    'mail.move': (input) => engine.call('move', input),
    'mail.delete': (input) => engine.call('delete', input),
    'mail.undo': (input) => engine.call('undo', input),
    'mail.searchServer': async ({ accountId, folderId, query }) => {
      const messageIds = await engine.call('searchServer', { accountId, folderId, query });
      const rows = reader.rows(messageIds);
      return { total: rows.length, offset: 0, rows };
    },
    'mail.allowRemoteContent': async ({ messageId }) => {
      const detail = reader.message(messageId);
      if (!detail) throw messageGone();
      reader.allowRemoteContent(detail.accountId, detail.from.address);
      return {};
    },
    'mail.remoteImages': async ({ messageId, urls }) => {
      const detail = reader.message(messageId);
      if (!detail) throw messageGone();
      // Only images this message names: the renderer cannot make the main side fetch any URL.
      const named = remoteImageUrlsIn(detail.html ?? '');
      return { images: await fetchRemoteImages(urls.filter((url) => named.has(url))) };
    },
    'mail.saveAttachment': async ({ messageId, attachmentId }) => {
      const { filename, content } = await engine.call('fetchAttachment', { messageId, attachmentId });
      return { saved: await context.saveFile(filename, content) };
    },
    'mail.exportFolder': async ({ folderId }) => {
      const folder = reader.folders().find((candidate) => candidate.id === folderId);
      if (!folder) throw new AppError('NOT_FOUND', 'This folder is no longer here.');
      let messages = 0;
      // The engine starts only when the host asks for the first bytes, after the save dialog.
      async function* mbox(): AsyncGenerator<Uint8Array> {
        const { exportId } = await engine.call('exportStart', { folderId });
        try {
          for (;;) {
            const next = await engine.call('exportNext', { exportId });
            if (!next.chunk) return;
            messages += next.messages;
            yield next.chunk;
          }
        } finally {
          await engine.call('exportStop', { exportId });
        }
      }
      const email = accountEmail.get(folder.accountId) ?? folder.accountId;
      const saved = await context.saveFile(`${folder.name} of ${email}.mbox`, mbox());
      return { saved, messages };
    },
    'mail.syncNow': async ({ accountId }) => {
      await engine.call('syncNow', { accountId });
      return {};
    },
    'mail.syncStatus': () => engine.call('status', {}),
    'tls.trustCertificate': async (request) => {
      await engine.call('trustCertificate', request);
      return {};
    },
    'mail.restartEngine': async () => {
      await engine.restart();
      return {};
    },
  };
}
