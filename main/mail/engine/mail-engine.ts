import { AppError } from '../../../shared/errors';
import type { SyncStatus } from '../../../shared/mail-models';
import type { NetworkTrust } from '../../auth/types';
import type { Db } from '../../store/database';
import { traced } from '../../logging/trace';
import { createCertificateRefusals } from '../../tls/certificate-refusals';
import { createMailActions } from '../actions/mail-actions';
import type { ImapSessionOptions } from '../imap-session';
import type { MailWriter } from '../store/mail-store-types';
import { createAccountSync, type AccountSync } from '../sync/account-sync';
import type { HeaderFill, HeaderFillReport } from '../sync/header-fill';
import { createLoginBudget, type LoginBudget } from '../sync/login-budget';
import type { BodyRecord } from '../store/mail-store-types';
import type { ImapFlow } from 'imapflow';
import { attachmentWithoutPart, storedAttachment } from './attachment-source';
import { createComposeHandlers } from './compose-handlers';
import type { EngineAccount, EngineHandlers, EngineNotices } from './engine-api';
import { pendingAwareWriter } from './pending-aware-writer';
import { createServerDrafts } from '../compose/server-drafts';
import { createExportRuns } from '../export/export-runs';
import { createEngineOutbox } from '../outbox/engine-outbox';
import type { SendRateLimit } from '../outbox/outbox-sender';
import type { SmtpSubmit } from '../smtp/smtp-submit';

export interface MailEngineDependencies {
  db: Db;
  writer: MailWriter;
  connect: (account: EngineAccount, options?: ImapSessionOptions) => Promise<ImapFlow>;
  /** The trust `connect` uses, pins read from the store: a refused certificate is inspected and pinned with it. */
  trust: NetworkTrust;
  parseBody: (source: Uint8Array) => Promise<BodyRecord>;
  /** Large header fills on a session and thread of their own (see FolderSyncHooks.fillElsewhere). */
  fillHeaders?: (account: EngineAccount, fill: HeaderFill, onReport: (part: HeaderFillReport) => void) => Promise<void>;
  /** Starts what `fillHeaders` runs on, ahead of a large fill. */
  prepareFillHeaders?: () => void;
  notify: <N extends keyof EngineNotices>(name: N, payload: EngineNotices[N]) => void;
  /** Lines about failures inside the engine (their kind, never their text), for the engine's log channel. */
  log: (line: string) => void;
  /** SMTP submission with credentials from the UI thread, and the per-account send rate limit. */
  outbox: { submit: SmtpSubmit; rateLimit: SendRateLimit };
}

interface RunningAccount {
  account: EngineAccount;
  sync: AccountSync;
  /** Every IMAP login of the account goes through it, the short sessions' too. */
  logins: LoginBudget;
  /** False once stopped: a sync left behind at the stop deadline reports nothing any more. */
  live: { value: boolean };
}

const accountGone = () => new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');
/** How long stopping an account's sync may take (sign-out, removal, a changed account). */
const stopDeadlineMs = 5_000;
/** How long typing must pause before a draft's new version goes to the server. */
const draftUploadDelayMs = 2_000;
const sameAccount = (a: EngineAccount, b: EngineAccount) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The mail engine: one sync per signed-in account, the actions with their offline queue, and
 * what the UI asks for on demand. Runs in the worker that owns the store's writer.
 */
export function createMailEngine(dependencies: MailEngineDependencies): EngineHandlers {
  const { db, notify, log } = dependencies;
  const running = new Map<string, RunningAccount>();
  const statuses = new Map<string, SyncStatus>();
  /** The folder each account shows: kept live again when the account's sync starts over (after "sign in again"). */
  const shownFolders = new Map<string, number | null>();
  const writer = pendingAwareWriter(db, dependencies.writer);
  const certificates = createCertificateRefusals(db, dependencies.trust);

  const accountOf = (accountId: string): RunningAccount => {
    const entry = running.get(accountId);
    if (!entry) throw accountGone();
    return entry;
  };
  const changed = (accountId: string, folderIds: number[]) => notify('changed', { accountId, folderIds });
  const shortSession = (accountId: string) => {
    const { account, logins } = accountOf(accountId);
    return logins.connectIfAllowed(() => dependencies.connect(account));
  };

  const actions = createMailActions({
    db,
    writer: dependencies.writer,
    connect: shortSession,
    onChanged: changed,
  });

  const outbox = createEngineOutbox({
    db,
    ...dependencies.outbox,
    certificates,
    connect: shortSession,
    running: (accountId) => running.get(accountId)?.account,
    onChanged: (accountId) => notify('outboxChanged', { accountId }),
    onSentCopied: (accountId) => running.get(accountId)?.sync.syncNow(),
    onSentCopyPending: (accountId, reason) => notify('sentCopyPending', { accountId, reason }),
    onSent: (accountId, recipients) => notify('sent', { accountId, recipients }),
    log,
  });

  const serverDrafts = createServerDrafts({
    db,
    connect: shortSession,
    running: (accountId) => running.has(accountId),
    debounceMs: draftUploadDelayMs,
    onChanged: (accountId) => running.get(accountId)?.sync.syncNow(),
    log,
  });

  const exports = createExportRuns();

  const composeHandlers = createComposeHandlers({
    db,
    outbox,
    serverDrafts,
    onOutboxChanged: (accountId) => notify('outboxChanged', { accountId }),
  });

  const startAccount = (account: EngineAccount, recovered: Promise<void>): RunningAccount => {
    const logins = createLoginBudget();
    const live = { value: true };
    const sync = createAccountSync({
      accountId: account.id,
      logins,
      connect: () =>
        certificates.watch(account.id, account.imap, 'imap', () => dependencies.connect(account, { qresync: true })),
      // Whenever the server is reachable again, what waited for it goes at once: queued actions
      // (before the pass reads flags back) and the outbox, once a restart's sends are checked.
      onConnected: () => {
        void traced(actions.flush(account.id), 'replaying queued actions', log);
        void recovered.then(() =>
          traced(
            Promise.resolve().then(() => outbox.accountReady(account.id)),
            'waking the outbox',
            log,
          ),
        );
      },
      writer,
      parseBody: dependencies.parseBody,
      fillHeaders: dependencies.fillHeaders && ((fill, onReport) => dependencies.fillHeaders!(account, fill, onReport)),
      prepareFillHeaders: dependencies.prepareFillHeaders,
      onStatus: (reported) => {
        if (!live.value) return;
        const status = { ...reported, certificate: certificates.certificateOf(account.id) };
        // After a full pass the Drafts folder is known: drafts saved while offline go up.
        if (status.phase === 'idle' && statuses.get(account.id)?.phase !== 'idle')
          serverDrafts.accountReady(account.id);
        statuses.set(account.id, status);
        notify('status', status);
      },
      onChanged: (folderIds) => live.value && changed(account.id, folderIds),
      onNewMail: (mail) => live.value && notify('newMail', { accountId: account.id, ...mail }),
    });
    const shown = shownFolders.get(account.id);
    if (shown !== undefined) sync.watchFolder(shown);
    return { account, sync, logins, live };
  };

  const stopAccount = async (accountId: string) => {
    const entry = running.get(accountId);
    running.delete(accountId);
    statuses.delete(accountId);
    certificates.forget(accountId);
    void traced(actions.forget(accountId), 'closing the session kept for changes', log);
    await traced(exports.stopAccount(accountId), 'stopping the exports of an account', log);
    if (!entry) return;
    entry.live.value = false;
    // A session stalled by its server (bytes trickling in, a login that never ends) would hold the
    // stop, and with it a sign-out, for minutes: past the deadline it is left to close on its own.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), stopDeadlineMs)));
    const outcome = await Promise.race([traced(entry.sync.stop(), 'stopping an account sync', log), deadline]);
    clearTimeout(timer);
    if (outcome === 'late')
      log(`stopping an account sync took over ${stopDeadlineMs / 1000} s; its sessions were left`);
  };

  const locateOne = (messageId: number) => {
    const [location] = writer.locate([messageId]);
    if (!location)
      throw new AppError('NOT_FOUND', 'This message is no longer here; it may have been moved or deleted.');
    return location;
  };

  const applyAccounts = async (accounts: EngineAccount[]) => {
    const wanted = new Map(accounts.map((account) => [account.id, account]));
    for (const [accountId, entry] of running) {
      const next = wanted.get(accountId);
      if (!next || !sameAccount(next, entry.account)) await stopAccount(accountId);
    }
    for (const account of accounts) {
      if (running.has(account.id)) continue;
      // After a restart, what was on the wire is checked against Sent before anything else goes;
      // the check needs the account running (its IMAP sessions), so it starts once it is.
      let checked: () => void = () => undefined;
      const recovered = new Promise<void>((resolve) => (checked = resolve));
      running.set(account.id, startAccount(account, recovered));
      void traced(outbox.recover(account.id), 'checking interrupted sends against Sent', log).then(checked);
    }
  };
  // One change of accounts at a time: a sync never starts while the one it replaces is stopping.
  let accountChanges: Promise<void> = Promise.resolve();

  return {
    ...composeHandlers,
    setAccounts({ accounts }) {
      const applied = accountChanges.then(() => applyAccounts(accounts));
      accountChanges = applied.catch(() => undefined);
      return applied;
    },
    async syncNow({ accountId }) {
      for (const [id, entry] of running) if (!accountId || id === accountId) entry.sync.syncNow();
    },
    async watchFolder({ accountId, folderId }) {
      // Recorded also while the account is not running (signed out, or between "sign in again"
      // stops and starts): the view outlives the sync, and a start picks the folder up.
      shownFolders.set(accountId, folderId);
      running.get(accountId)?.sync.watchFolder(folderId);
    },
    async fetchBody({ messageId }) {
      const location = locateOne(messageId);
      await accountOf(location.accountId).sync.fetchBody(location.mailboxId, location.uid);
    },
    async fetchAttachment({ messageId, attachmentId }) {
      const location = locateOne(messageId);
      const attachment = storedAttachment(db, messageId, attachmentId);
      if (attachment.content) return { filename: attachment.filename, content: attachment.content };
      if (!attachment.part) throw attachmentWithoutPart();
      const content = await accountOf(location.accountId).sync.fetchPart(
        location.mailboxId,
        location.uid,
        attachment.part,
      );
      return { filename: attachment.filename, content };
    },
    async deliveryAddresses({ messageId }) {
      const location = locateOne(messageId);
      return accountOf(location.accountId).sync.fetchDeliveryAddresses(location.mailboxId, location.uid);
    },
    async searchServer({ accountId, folderId, query }) {
      const uids = await accountOf(accountId).sync.searchServer(folderId, { text: query });
      return db
        .prepare<[number, string], { id: number }>(
          'SELECT id FROM messages WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?)) ORDER BY date DESC',
        )
        .all(folderId, JSON.stringify(uids))
        .map((row) => row.id);
    },
    async exportStart({ folderId }) {
      const mailbox = dependencies.writer.mailbox(folderId);
      if (!mailbox) throw new AppError('NOT_FOUND', 'This folder is no longer here.');
      return { exportId: exports.start(await shortSession(mailbox.accountId), mailbox.path, mailbox.accountId) };
    },
    exportNext: ({ exportId }) => exports.next(exportId),
    exportStop: ({ exportId }) => exports.stop(exportId),
    async setFlags({ messageIds, unread, flagged }) {
      return actions.setFlags(messageIds, { unread, flagged });
    },
    async markAllRead({ folderIds }) {
      return actions.markAllRead(folderIds);
    },
    async move({ messageIds, to }) {
      return actions.move(messageIds, to);
    },
    async delete({ messageIds, permanent }) {
      return actions.delete(messageIds, permanent);
    },
    async undo({ undoId }) {
      return { undone: await actions.undo(undoId) };
    },
    async trustCertificate(request) {
      for (const accountId of await certificates.trust(request)) running.get(accountId)?.sync.syncNow();
    },
    async status() {
      return [...statuses.values()];
    },
    async close() {
      outbox.stop();
      serverDrafts.stop();
      await Promise.all([outbox.idle(), serverDrafts.idle()]);
      await actions.close();
      await exports.stopAll();
      await accountChanges;
      await Promise.all([...running.keys()].map(stopAccount));
    },
  };
}
