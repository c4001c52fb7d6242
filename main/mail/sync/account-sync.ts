import os from 'node:os';
import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { AppError, isAppError } from '../../../shared/errors';
import type { NewMail, SyncStatus } from '../../../shared/mail-models';
import { floodedReason } from './flood-guard';
import type { BodyRecord, HeaderRecord, MailWriter, StoredMailbox } from '../store/mail-store-types';
import { BODY_BATCH_BYTES, BODY_CEILING_BYTES, PARSE_BYTES_IN_FLIGHT, sizedBatches } from './body-budget';
import { createBodySaver } from './body-saver';
import { fetchBodySources, LARGE_WITH_ATTACHMENTS_BYTES } from './body-sources';
import { withServerSizes } from './body-without-attachments';
import { closeImapSession, cutForFlooding } from '../imap-session';
import { createFolderResets, defaultFolderResetLimit, type FolderResetLimit } from './folder-resets';
import { isUpToDate, syncFolder, type FolderSyncHooks, type FolderSyncSettings } from './folder-sync';
import { DELIVERY_HEADER_FIELDS, deliveryAddresses } from './delivery-headers';
import { HEADER_QUERY, toHeaderRecord } from './header-record';
import { identitySource } from './message-identity';
import { foldersWorthSyncing, syncOrder, toServerMailbox } from './server-mailboxes';
import { createProgressMeter, type ProgressMeter } from './sync-progress';
import { createKeyedQueue } from './keyed-queue';
import { createLoginBudget, keepsFailing, tooManyLogins, type LoginBudget } from './login-budget';
import { createTaskLimiter, type TaskLimiter } from './task-limiter';
import { missingFrom, newestFirstBatches, uidSet } from './uid-sets';
import { createWakeSignal } from './wake-signal';

export interface AccountSyncOptions {
  accountId: string;
  /** An authenticated session; throws an AppError (SIGN_IN_REQUIRED: stop; CONNECTION_FAILED, TIMEOUT, TLS_FAILED: offline). */
  connect: () => Promise<ImapFlow>;
  writer: MailWriter;
  parseBody: (source: Uint8Array) => Promise<BodyRecord>;
  /** Large header fills on a session and thread of their own; without it every fill runs on `connect`'s session. */
  fillHeaders?: FolderSyncHooks['fillElsewhere'];
  /** A large fill is ahead in this pass: what `fillHeaders` runs on can start now. */
  prepareFillHeaders?: () => void;
  onStatus: (status: SyncStatus) => void;
  onChanged: (mailboxIds: number[]) => void;
  onNewMail: (mail: Omit<NewMail, 'accountId'>) => void;
  /** The sync's own session logged in (first time, or back after a failure): queued work can go now. */
  onConnected?: () => void;
  /** How often every folder is looked at again while nothing else prompts it. Default 5 minutes. */
  refreshIntervalMs?: number;
  /** Headers of the newest messages fetched first, in one FETCH. Default 50. */
  newestPageSize?: number;
  /** Headers per FETCH during the fill. Default 2,000. */
  headerBatchSize?: number;
  /** Full messages per FETCH in the body pass, at most BODY_BATCH_BYTES of them. Default 250. */
  bodyBatchSize?: number;
  /** Parsed bodies stored per transaction (fewer, larger search-index segments). Default 250. */
  bodySaveChunk?: number;
  /**
   * Bodies handed to the parse pool at once. Default 16 per CPU: the pool's workers need a queue
   * deep enough to stay busy while this thread stores a chunk of bodies. At most
   * PARSE_BYTES_IN_FLIGHT of sources whatever the count.
   */
  parseConcurrency?: number;
  /** The account's logins, shared with its other sessions; default a budget of this sync's own. */
  logins?: LoginBudget;
  /** How often a folder may start over on a new UIDVALIDITY. Default 3 times an hour. */
  folderResets?: FolderResetLimit;
  now?: () => number;
  random?: () => number;
}

export interface AccountSync {
  /**
   * Retry now when offline (the backoff is skipped, the hourly cap on logins is not); otherwise run
   * a full catch-up pass now.
   */
  syncNow(): void;
  /** Keep a folder the UI shows live too (the Inbox always is); null when no folder is shown. */
  watchFolder(mailboxId: number | null): void;
  /** Fetch, parse and store one message's body now, before the body pass reaches it. */
  fetchBody(mailboxId: number, uid: number): Promise<void>;
  /** One body part (an attachment), decoded. */
  fetchPart(mailboxId: number, uid: number, part: string): Promise<Uint8Array>;
  /** The envelope recipients the message's delivery headers name (see delivery-headers.ts). */
  fetchDeliveryAddresses(mailboxId: number, uid: number): Promise<string[]>;
  /** UID SEARCH on the server; headers of matching messages not stored yet are fetched and stored. */
  searchServer(mailboxId: number, criteria: SearchObject): Promise<number[]>;
  /** Closes every connection; resolves when closed. */
  stop(): Promise<void>;
}

const offline = () => new AppError('CONNECTION_FAILED', 'The mail server cannot be reached right now.');
const folderGone = () => new AppError('NOT_FOUND', 'This folder is no longer on the server.');
const messageGone = () => new AppError('NOT_FOUND', 'This message is no longer on the server.');

/** Why we are offline, for a person: an AppError says it; anything else is a lost connection. */
function offlineReason(error: unknown): string {
  if (isAppError(error)) return error.message;
  return 'The connection to the mail server was lost.';
}

/**
 * Keeps one account's local store in step with its IMAP server: folders, then the Inbox's newest
 * page, the rest of the headers newest first, the other folders, the bodies, then every folder
 * again on a schedule. From the Inbox's first sync on, a session of its own keeps the Inbox live,
 * and another the folder the UI shows. Reconnects with backoff and catches up incrementally.
 */
export function createAccountSync(options: AccountSyncOptions): AccountSync {
  const { accountId, writer } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const logins = options.logins ?? createLoginBudget({ now, random });
  const resets = createFolderResets(options.folderResets ?? defaultFolderResetLimit, now);
  const folderWriter: MailWriter = {
    ...writer,
    resetMailbox: (mailboxId, uidValidity) => {
      resets.record(mailboxId);
      writer.resetMailbox(mailboxId, uidValidity);
    },
  };
  const settings: FolderSyncSettings = {
    newestPageSize: options.newestPageSize ?? 50,
    headerBatchSize: options.headerBatchSize ?? 2_000,
  };
  const bodyBatchSize = options.bodyBatchSize ?? 250;
  const bodySaveChunk = options.bodySaveChunk ?? 250;
  const parses: TaskLimiter = createTaskLimiter(
    options.parseConcurrency ?? os.cpus().length * 16,
    PARSE_BYTES_IN_FLIGHT,
  );

  const signal = createWakeSignal();
  /** Paths of folders the server reported activity on, not yet caught up. */
  const dirty = new Set<string>();
  /** Bodies that failed to fetch or parse in this run; tried again after a restart. */
  const failedBodies = new Set<string>();
  let stopped = false;
  let fullPassWanted = true;
  let session: ImapFlow | null = null;
  /** Retry now was asked for while offline: the next login skips the backoff (not the hourly cap). */
  let retryAsked = false;
  /** Why the last session failed, for the status while the next login waits. */
  let offlineBecause = keepsFailing;
  const refreshIntervalMs = options.refreshIntervalMs ?? 5 * 60_000;
  const folderTurns = createKeyedQueue<number>();

  const report = (status: Partial<SyncStatus> & Pick<SyncStatus, 'phase'>) =>
    options.onStatus({
      accountId,
      folderId: null,
      done: 0,
      total: 0,
      rate: 0,
      etaSeconds: null,
      message: null,
      retryAt: null,
      ...status,
    });

  /**
   * Activity the server reported on a selected folder (IDLE, or between commands), by path. Called
   * for every untagged response: a server can send them by the hundred thousand (until the session
   * is cut, see openImapSession), so nothing here may cost more than a set insert, no store query.
   */
  const listenForActivity = (client: ImapFlow, onActivity: (path: string) => void) => {
    const seen = (event: { path: string }) => onActivity(event.path);
    client.on('exists', seen);
    client.on('flags', seen);
    // VANISHED (EARLIER) answers our own CHANGEDSINCE fetch; only live expunges are news.
    client.on('expunge', (event: { path: string; earlier?: boolean }) => {
      if (!event.earlier) seen(event);
    });
    client.on('error', () => undefined);
  };

  const notifyNewMail = (arrived: HeaderRecord[]) => {
    const unseen = arrived.filter((record) => !record.flags.includes('\\Seen'));
    if (unseen.length === 0) return;
    const latest = unseen.reduce((a, b) => (b.uid > a.uid ? b : a));
    options.onNewMail({
      count: unseen.length,
      latest: { from: latest.from?.name || latest.from?.address || '', subject: latest.subject },
    });
  };

  /**
   * One folder brought up to date on `client`. Sessions take turns per folder; only the sync's own
   * session reports progress (a watcher's catch-up must not mix its figures into the pass's).
   */
  const syncOneFolder = (client: ImapFlow, mailbox: StoredMailbox, progress: boolean) =>
    folderTurns.run(mailbox.id, () => syncFolderNow(client, mailbox, progress));

  const syncFolderNow = async (client: ImapFlow, mailbox: StoredMailbox, progress: boolean) => {
    if (resets.held(mailbox.id)) return;
    const meter: ProgressMeter = createProgressMeter();
    const result = await syncFolder(client, folderWriter, mailbox.id, settings, {
      onBatch(box, phase, done, total) {
        options.onChanged([box.id]);
        if (!progress) return;
        const at = now();
        meter.add(phase === 'newest' ? 0 : Math.min(settings.headerBatchSize, done), at);
        report({
          phase,
          folderId: box.id,
          done: Math.min(done, total),
          total,
          rate: meter.rate(at),
          etaSeconds: meter.etaSeconds(Math.max(0, total - done), at),
        });
      },
      // A stop ends a fill elsewhere at its next report instead of waiting for the whole folder.
      fillElsewhere:
        options.fillHeaders &&
        ((fill, onReport) =>
          options.fillHeaders!(fill, (part) => {
            if (stopped) throw offline();
            onReport(part);
          })),
    });
    if (result.changed) options.onChanged([mailbox.id]);
    if (mailbox.role === 'inbox' && result.arrived.length) notifyNewMail(result.arrived);
  };

  /**
   * Every stored message of the folder without a body, up to BODY_CEILING_BYTES each: fetched in
   * batches bounded in count and bytes, parsed in the pool while the FETCH streams on, stored a
   * chunk per transaction. Rounds repeat until nothing is left, so mail that arrived meanwhile gets
   * its body in the same pass.
   */
  const bodyPass = async (client: ImapFlow, mailbox: StoredMailbox) => {
    if (resets.held(mailbox.id)) return;
    const key = (uid: number) => `${mailbox.id}:${uid}`;
    const saver = createBodySaver(writer, mailbox.id, bodySaveChunk, (uids) => {
      for (const uid of uids) failedBodies.add(key(uid));
    });
    let done = 0;
    // Parsed bodies waiting in the saver are as large as their sources: stored by bytes too.
    let unsavedBytes = 0;
    while (!stopped && !fullPassWanted) {
      const pending = writer
        .sizesWithoutBody(mailbox.id)
        .filter(({ uid, size }) => size <= BODY_CEILING_BYTES && !failedBodies.has(key(uid)));
      if (pending.length === 0) break;
      const large = new Set(writer.largeWithoutBody(mailbox.id, LARGE_WITH_ATTACHMENTS_BYTES));
      const total = done + pending.length;
      for (const batch of sizedBatches(pending, BODY_BATCH_BYTES, bodyBatchSize)) {
        if (stopped || fullPassWanted) break;
        await drainActivity(client);
        const uids = batch.map(({ uid }) => uid);
        report({ phase: 'bodies', folderId: mailbox.id, done, total });
        const fetched = new Set<number>();
        const lock = await client.getMailboxLock(mailbox.path);
        try {
          if (Number((client.mailbox as MailboxObject).uidValidity) !== mailbox.uidValidity) {
            fullPassWanted = true;
            break;
          }
          for await (const { uid, source, leftOnServer } of fetchBodySources(client, uids, large)) {
            fetched.add(uid);
            const bytes = source.byteLength;
            await parses.run(async () => {
              try {
                saver.add(uid, withServerSizes(await options.parseBody(source), leftOnServer));
                if ((unsavedBytes += bytes) >= BODY_BATCH_BYTES) {
                  saver.flush();
                  unsavedBytes = 0;
                }
              } catch {
                failedBodies.add(key(uid));
              }
            }, bytes);
          }
        } finally {
          lock.release();
        }
        for (const uid of uids) if (!fetched.has(uid)) failedBodies.add(key(uid));
        done += fetched.size;
        // A message above the FETCH budget came alone: it is parsed and stored before the next is
        // fetched, so one such message at a time is held (its source, its parse, its text).
        if (batch.length === 1 && (batch[0]?.size ?? 0) > BODY_BATCH_BYTES) await parses.settled();
      }
      // Bodies still being parsed have no body stored yet: the next round must not fetch them again.
      await parses.settled();
      saver.flush();
    }
    await parses.settled();
    saver.flush();
    if (done > 0) options.onChanged([mailbox.id]);
  };

  /** Folders the server reported activity on: catch them up (new mail shows up within seconds). */
  const drainActivity = async (client: ImapFlow) => {
    while (dirty.size > 0 && !stopped) {
      const paths = new Set(dirty);
      dirty.clear();
      for (const mailbox of writer.mailboxes(accountId)) {
        if (paths.has(mailbox.path) && !stopped) await syncOneFolder(client, mailbox, true);
      }
    }
  };

  const fullPass = async (client: ImapFlow) => {
    report({ phase: 'folders' });
    const listed = await client.list({
      statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: true },
    });
    const mailboxes = syncOrder(writer.syncMailboxes(accountId, foldersWorthSyncing(listed).map(toServerMailbox)));
    const statusByPath = new Map(listed.map((entry) => [entry.path, entry.status]));
    const fillAhead = mailboxes.some(
      (mailbox) =>
        mailbox.syncedDownToUid !== 1 &&
        (statusByPath.get(mailbox.path)?.messages ?? 0) - writer.storedUids(mailbox.id).length >=
          settings.headerBatchSize,
    );
    if (fillAhead) options.prepareFillHeaders?.();
    for (const mailbox of mailboxes) {
      if (stopped) return;
      await drainActivity(client);
      const status = statusByPath.get(mailbox.path);
      if (!status || !isUpToDate(mailbox, status)) await syncOneFolder(client, mailbox, true);
      // Once the pass has the Inbox's headers, a session of its own keeps it live from then on.
      if (mailbox.role === 'inbox') inboxWatcher.set(mailbox.id);
    }
    for (const mailbox of mailboxes) {
      const current = writer.mailbox(mailbox.id);
      if (current && !stopped) await bodyPass(client, current);
    }
  };

  const run = async () => {
    while (!stopped) {
      const gate = logins.next(retryAsked);
      if (gate.at > now()) {
        report({ phase: 'offline', message: gate.capped ? tooManyLogins : offlineBecause, retryAt: gate.at });
        await signal.wait(gate.at - now());
        continue;
      }
      retryAsked = false;
      let client: ImapFlow | null = null;
      try {
        report({ phase: 'connecting' });
        client = await logins.connect(options.connect);
        if (stopped) break;
        const current = client;
        session = current;
        listenForActivity(current, (path) => {
          dirty.add(path);
          signal.wake();
        });
        // Only the loss of the session in use matters; closing one ourselves must not cut a wait short.
        current.on('close', () => session === current && signal.wake());
        options.onConnected?.();
        fullPassWanted = true;
        while (!stopped && current.usable) {
          if (fullPassWanted) {
            fullPassWanted = false;
            dirty.clear();
            await fullPass(current);
          } else if (dirty.size > 0) {
            await drainActivity(current);
          } else {
            report({ phase: 'idle', message: heldFoldersNotice() });
            await signal.wait(refreshIntervalMs);
            // Nothing woke the wait but its timer: time to look at every folder again.
            if (dirty.size === 0 && current.usable) fullPassWanted = true;
          }
        }
        if (!stopped) throw offline();
      } catch (error) {
        if (stopped) break;
        if (isAppError(error) && error.code === 'SIGN_IN_REQUIRED') {
          report({ phase: 'error', message: error.message });
          stopped = true;
          break;
        }
        // A failed login was counted by the budget already; a session that failed later is counted here.
        if (session) logins.lost(session);
        offlineBecause = client && cutForFlooding(client) ? floodedReason : offlineReason(error);
      } finally {
        session = null;
        await closeImapSession(client);
      }
    }
  };

  /** Folders left alone because their UIDVALIDITY keeps changing, for the status line. */
  const heldFoldersNotice = (): string | null => {
    const held = writer.mailboxes(accountId).filter((mailbox) => resets.held(mailbox.id));
    if (held.length === 0) return null;
    const names = held.map((mailbox) => `“${mailbox.name}”`).join(', ');
    const which = held.length === 1 ? 'it' : 'them';
    return `The server keeps resetting ${names} (a new UIDVALIDITY every time); Harbor Mail syncs ${which} again later.`;
  };

  const inboxWatcher = createFolderWatcher();
  const openFolderWatcher = createFolderWatcher();
  const running = run();

  /**
   * A session of its own that keeps one folder current: brought up to date at once, then again on
   * the server's news (IDLE, or imapflow's bounded NOOP poll where the server has no IDLE).
   */
  function createFolderWatcher() {
    let watched: number | null = null;
    let client: ImapFlow | null = null;
    const wakeup = createWakeSignal();
    let loop: Promise<void> = Promise.resolve();

    const watch = async (mailboxId: number) => {
      while (!stopped && watched === mailboxId) {
        const gate = logins.next();
        if (gate.at > now()) {
          await wakeup.wait(gate.at - now());
          continue;
        }
        try {
          client = await logins.connect(options.connect);
          const current = client;
          let path: string | null = null;
          listenForActivity(current, (changed) => changed === path && wakeup.wake());
          current.on('close', () => client === current && wakeup.wake());
          while (!stopped && watched === mailboxId && current.usable) {
            const mailbox = writer.mailbox(mailboxId);
            if (!mailbox) return;
            path = mailbox.path;
            await syncOneFolder(current, mailbox, false);
            const lock = await current.getMailboxLock(mailbox.path);
            lock.release();
            if (!current.idling) void current.idle().catch(() => undefined);
            await wakeup.wait(refreshIntervalMs);
          }
          if (!stopped && watched === mailboxId) throw offline();
        } catch (error) {
          if (isAppError(error) && error.code === 'SIGN_IN_REQUIRED') return;
          // The session is fine but the folder is not (refused, gone, replaced): the pass keeps it
          // current; watching it again would only spend the account's logins.
          if (client?.usable) {
            if (watched === mailboxId) watched = null;
            return;
          }
          if (client && !stopped && watched === mailboxId) logins.lost(client);
        } finally {
          const left = client;
          client = null;
          await closeImapSession(left);
        }
      }
    };

    return {
      set(mailboxId: number | null) {
        if (mailboxId === watched) return;
        watched = mailboxId;
        wakeup.wake();
        const target = mailboxId;
        loop = loop.then(() => (target !== null && watched === target && !stopped ? watch(target) : undefined));
      },
      async stop() {
        watched = null;
        wakeup.wake();
        const left = client;
        client = null;
        await closeImapSession(left);
        await loop;
      },
    };
  }

  const connected = (): ImapFlow => {
    if (!session || !session.usable) throw offline();
    return session;
  };

  /** Lock the folder on the live session; refuse when the folder is gone or was replaced. */
  const withFolder = async <T>(mailboxId: number, use: (client: ImapFlow, mailbox: StoredMailbox) => Promise<T>) => {
    const mailbox = writer.mailbox(mailboxId);
    if (!mailbox) throw folderGone();
    const client = connected();
    const lock = await client.getMailboxLock(mailbox.path).catch(() => {
      throw client.usable ? folderGone() : offline();
    });
    try {
      if (Number((client.mailbox as MailboxObject).uidValidity) !== mailbox.uidValidity) throw folderGone();
      return await use(client, mailbox);
    } catch (error) {
      if (isAppError(error)) throw error;
      throw client.usable ? new AppError('PROTOCOL_ERROR', 'The mail server could not do that.') : offline();
    } finally {
      lock.release();
    }
  };

  return {
    syncNow() {
      if (!session) retryAsked = true;
      fullPassWanted = true;
      signal.wake();
    },
    watchFolder(mailboxId) {
      const mailbox = mailboxId === null ? undefined : writer.mailbox(mailboxId);
      // The Inbox is watched anyway; a folder that only holds folders (\Noselect) has nothing to watch.
      openFolderWatcher.set(mailbox && mailbox.role !== 'inbox' && mailbox.selectable ? mailbox.id : null);
    },
    async fetchBody(mailboxId, uid) {
      const large = new Set(writer.largeWithoutBody(mailboxId, LARGE_WITH_ATTACHMENTS_BYTES));
      const fetched = await withFolder(mailboxId, async (client) => {
        const found = [];
        for await (const source of fetchBodySources(client, [uid], large)) found.push(source);
        return found[0];
      });
      if (!fetched) throw messageGone();
      writer.saveBody(mailboxId, uid, withServerSizes(await options.parseBody(fetched.source), fetched.leftOnServer));
      options.onChanged([mailboxId]);
    },
    fetchPart(mailboxId, uid, part) {
      return withFolder(mailboxId, async (client) => {
        const { content } = await client.download(String(uid), part, { uid: true });
        if (!content) throw messageGone();
        const chunks: Buffer[] = [];
        for await (const chunk of content) chunks.push(chunk as Buffer);
        return new Uint8Array(Buffer.concat(chunks));
      });
    },
    fetchDeliveryAddresses(mailboxId, uid) {
      return withFolder(mailboxId, async (client) => {
        const message = await client.fetchOne(String(uid), { headers: [...DELIVERY_HEADER_FIELDS] }, { uid: true });
        if (!message) throw messageGone();
        return deliveryAddresses(message.headers?.toString('latin1') ?? '');
      });
    },
    async searchServer(mailboxId, criteria) {
      const { uids, added } = await withFolder(mailboxId, async (client) => {
        const found = ((await client.search(criteria, { uid: true })) || []).sort((a, b) => a - b);
        const records: HeaderRecord[] = [];
        for (const batch of newestFirstBatches(
          missingFrom(found, writer.storedUids(mailboxId)),
          settings.headerBatchSize,
        )) {
          for await (const message of client.fetch(uidSet(batch), HEADER_QUERY, { uid: true })) {
            records.push(toHeaderRecord(message, identitySource(client.capabilities)));
          }
        }
        return { uids: found, added: records };
      });
      if (added.length) {
        writer.saveHeaders(mailboxId, added);
        options.onChanged([mailboxId]);
      }
      return uids;
    },
    async stop() {
      stopped = true;
      signal.wake();
      await Promise.all([inboxWatcher.stop(), openFolderWatcher.stop(), closeImapSession(session)]);
      await running;
      await parses.settled();
    },
  };
}
