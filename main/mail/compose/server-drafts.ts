import { randomUUID } from 'node:crypto';
import { failureKind } from '../../logging/trace';
import type { ImapFlow } from 'imapflow';
import { createAccountRepository } from '../../accounts/account-repository';
import { createIdentityReader } from '../../identity/identity-repository';
import { readonlyDb } from '../../store/readonly-db';
import type { Db } from '../../store/database';
import { buildDraftMessage, draftKeyHeader, newMessageId } from './build-message';
import { createDraftRepository, type DraftOrigin } from './draft-repository';
import { createServerDraftRemovals } from './server-draft-removals';
import { closeImapSession } from '../imap-session';

export interface ServerDraftsDependencies {
  db: Db;
  /** An IMAP session for the account; only asked for when the account runs in the engine. */
  connect: (accountId: string) => Promise<ImapFlow>;
  running: (accountId: string) => boolean;
  /** How long typing must pause before a new version goes to the server. */
  debounceMs: number;
  /** A version went up or one was removed: sync so the Drafts folder shows it. */
  onChanged: (accountId: string) => void;
  /** A line about an upload or removal that failed (it is tried again when the account is ready). */
  log: (line: string) => void;
  now?: () => number;
}

const installationKey = 'compose.installation-id';
/** The first retry of a failed upload or removal; each next one waits twice as long, up to the most. */
const retryBaseMs = 5_000;
const retryMaxMs = 5 * 60_000;

/**
 * Copies of local drafts in the server's Drafts folder: after a pause in editing, the current
 * version is appended (flagged \Draft) and older versions of the same draft are deleted. Each
 * version carries the draft's key (this installation, the draft's id) in a header, so the older
 * ones are found on the server even after a crash between the append and the delete.
 */
export function createServerDrafts(dependencies: ServerDraftsDependencies) {
  const { db } = dependencies;
  const now = dependencies.now ?? Date.now;
  const drafts = createDraftRepository(db);
  const removals = createServerDraftRemovals(db);
  const accounts = createAccountRepository(db);
  const identities = createIdentityReader(readonlyDb(db));
  const timers = new Map<number, NodeJS.Timeout>();
  const chains = new Map<number, Promise<void>>();
  const retries = new Map<number, { delay: number; timer: NodeJS.Timeout }>();
  let stopped = false;

  const installationId = (() => {
    const stored = db
      .prepare<[string], string>('SELECT value FROM settings WHERE key = ?')
      .pluck()
      .get(installationKey);
    if (stored) return stored;
    const created = randomUUID();
    db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(installationKey, created);
    return db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(installationKey)!;
  })();
  const draftKey = (draftId: number) => `${installationId}.${draftId}`;
  const draftsPath = (accountId: string) =>
    db
      .prepare<[string], string>("SELECT path FROM mailboxes WHERE account_id = ? AND role = 'drafts' LIMIT 1")
      .pluck()
      .get(accountId) ?? null;

  const withSession = async (accountId: string, use: (client: ImapFlow) => Promise<void>) => {
    const client = await dependencies.connect(accountId);
    try {
      await use(client);
    } finally {
      await closeImapSession(client);
    }
  };

  /** Deletes the draft's versions in Drafts, except the one with keepUid. */
  const removeVersions = async (client: ImapFlow, path: string, draftId: number, keepUid?: number) => {
    await client.mailboxOpen(path);
    const found = await client.search({ header: { [draftKeyHeader]: draftKey(draftId) } }, { uid: true });
    const older = (Array.isArray(found) ? found : []).filter((uid) => uid !== keepUid);
    if (older.length) await client.messageDelete(older, { uid: true });
  };

  /** Deletes the message a draft was opened from: by UID while UIDVALIDITY holds, else by Message-ID. */
  const removeOrigin = async (client: ImapFlow, origin: DraftOrigin) => {
    const mailbox = await client.mailboxOpen(origin.path);
    let uids: number[] = [];
    if (origin.uidValidity !== null && Number(mailbox.uidValidity) === origin.uidValidity) uids = [origin.uid];
    else if (origin.messageId) {
      const found = await client.search({ header: { 'message-id': `<${origin.messageId}>` } }, { uid: true });
      uids = Array.isArray(found) ? found : [];
    }
    if (uids.length) await client.messageDelete(uids, { uid: true });
  };

  const upload = async (draftId: number) => {
    const revision = drafts.revisionForServer(draftId);
    const draft = drafts.get(draftId);
    if (revision === null || !draft || !dependencies.running(draft.accountId)) return;
    const account = accounts.get(draft.accountId);
    const path = draftsPath(draft.accountId);
    if (!account || !path) return;
    // A draft whose alias was removed since keeps the account's own address in its server copy.
    const sender = identities.find(account.id, draft.from) ?? identities.find(account.id, null);
    const from = sender ? { email: sender.address, displayName: sender.name || null } : account;
    const messageId = newMessageId(account.email);
    const raw = await buildDraftMessage(draft, drafts.files(draftId), from, {
      messageId,
      date: new Date(now()),
      draftKey: draftKey(draftId),
    });
    const origin = drafts.origin(draftId);
    if (origin && origin.accountId !== draft.accountId) drafts.clearOrigin(draftId);
    await withSession(draft.accountId, async (client) => {
      const appended = await client.append(path, Buffer.from(raw), ['\\Draft', '\\Seen']);
      const uid = appended && typeof appended === 'object' ? appended.uid : undefined;
      // Without the new version's UID (no UIDPLUS) the older ones stay rather than risk the new one.
      if (uid === undefined) return;
      await removeVersions(client, path, draftId, uid);
      // The version just appended takes the place of the message the draft was opened from.
      if (origin?.accountId === draft.accountId) {
        await removeOrigin(client, origin);
        drafts.clearOrigin(draftId);
      }
    });
    drafts.markOnServer(draftId, revision, now(), messageId);
    dependencies.onChanged(draft.accountId);
  };

  /**
   * Carries out the draft's waiting removal requests in the account, unless the draft is back among
   * its drafts. A failure leaves them waiting for the next accountReady.
   */
  const remove = async (accountId: string, draftId: number) => {
    const upTo = removals.latest(accountId, draftId);
    if (upTo === null || !dependencies.running(accountId) || removals.dropIfBack(accountId, draftId, upTo)) return;
    // Without a Drafts folder nothing of the draft was ever put there.
    const path = draftsPath(accountId);
    const origins = removals.origins(accountId, draftId, upTo);
    if (path || origins.length)
      await withSession(accountId, async (client) => {
        if (path) await removeVersions(client, path, draftId);
        for (const origin of origins) await removeOrigin(client, origin);
      });
    removals.done(accountId, draftId, upTo);
    if (path || origins.length) dependencies.onChanged(accountId);
  };

  /**
   * A failed operation (offline, or the account's logins must wait) is tried again after a backoff
   * while the engine runs, and at the next accountReady, whichever comes first.
   */
  const retryLater = (draftId: number, operation: () => Promise<void>) => {
    if (stopped) return;
    const delay = Math.min((retries.get(draftId)?.delay ?? retryBaseMs / 2) * 2, retryMaxMs);
    clearTimeout(retries.get(draftId)?.timer);
    const timer = setTimeout(() => void queue(draftId, operation), delay);
    retries.set(draftId, { delay, timer });
  };

  /** One operation at a time per draft, in order. */
  const queue = (draftId: number, operation: () => Promise<void>): Promise<void> => {
    const next = (chains.get(draftId) ?? Promise.resolve()).then(operation).then(
      () => {
        clearTimeout(retries.get(draftId)?.timer);
        retries.delete(draftId);
      },
      (error: unknown) => {
        dependencies.log(`a server draft change failed (${failureKind(error)})`);
        retryLater(draftId, operation);
      },
    );
    chains.set(draftId, next);
    void next.then(() => {
      if (chains.get(draftId) === next) chains.delete(draftId);
    });
    return next;
  };

  return {
    /** The draft was saved locally: its server copy follows after a pause. */
    changed(draftId: number) {
      if (stopped) return;
      clearTimeout(timers.get(draftId));
      timers.set(
        draftId,
        setTimeout(() => {
          timers.delete(draftId);
          void queue(draftId, () => upload(draftId));
        }, dependencies.debounceMs),
      );
    },
    /** The draft left the account (its removal is requested in the store): its versions leave Drafts. */
    gone(accountId: string, draftId: number) {
      clearTimeout(timers.get(draftId));
      timers.delete(draftId);
      return queue(draftId, () => remove(accountId, draftId));
    },
    /** The account is online: what left it or was saved while it was not reaches the server now. */
    accountReady(accountId: string) {
      const fresh = (draftId: number) => {
        clearTimeout(retries.get(draftId)?.timer);
        retries.delete(draftId);
        return draftId;
      };
      for (const draftId of removals.draftsOf(accountId)) void queue(fresh(draftId), () => remove(accountId, draftId));
      for (const draftId of drafts.notOnServer(accountId)) {
        if (!timers.has(draftId)) void queue(fresh(draftId), () => upload(draftId));
      }
    },
    /** Resolves when every queued upload or removal is over. */
    async idle() {
      await Promise.all([...chains.values()]);
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      for (const { timer } of retries.values()) clearTimeout(timer);
      retries.clear();
    },
  };
}

export type ServerDrafts = ReturnType<typeof createServerDrafts>;
