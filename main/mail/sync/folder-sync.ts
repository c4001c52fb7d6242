import type { FetchMessageObject, ImapFlow, MailboxObject, StatusObject } from 'imapflow';
import type { HeaderRecord, MailWriter, StoredMailbox } from '../store/mail-store-types';
import { streamHeaders, type HeaderFill, type HeaderFillReport } from './header-fill';
import { HEADER_QUERY, storedFlags, toHeaderRecord } from './header-record';
import { identitySource } from './message-identity';
import { missingFrom, newestFirstBatches, uidSet } from './uid-sets';

export interface FolderSyncSettings {
  newestPageSize: number;
  headerBatchSize: number;
}

export interface FolderSyncHooks {
  /** A batch of headers is stored: `done` of `total` for this folder's fill. */
  onBatch(mailbox: StoredMailbox, phase: 'newest' | 'headers', done: number, total: number): void;
  /**
   * Runs a fill on another session and thread, reporting headers in order, so that reading them
   * does not hold up storing them. When it fails, the batches it did not finish are fetched here.
   */
  fillElsewhere?(fill: HeaderFill, onReport: (part: HeaderFillReport) => void): Promise<void>;
}

export interface FolderSyncResult {
  /** Something in the folder changed in the store. */
  changed: boolean;
  /** Headers of messages that arrived since the last completed sync (empty on a folder's first sync). */
  arrived: HeaderRecord[];
}

/** The folder's state on the server, as SELECT or STATUS reports it. */
interface ServerState {
  uidValidity: number;
  uidNext: number;
  exists: number;
  highestModseq: number | null;
}

const unchanged: FolderSyncResult = { changed: false, arrived: [] };

/** Nothing to do: the server reports exactly the state the last completed sync recorded. */
export function isUpToDate(stored: StoredMailbox, status: StatusObject): boolean {
  return (
    stored.syncedDownToUid === 1 &&
    stored.highestModseq !== null &&
    status.highestModseq !== undefined &&
    Number(status.highestModseq) === stored.highestModseq &&
    Number(status.uidValidity) === stored.uidValidity &&
    status.uidNext === stored.uidNext &&
    status.messages === stored.serverCount
  );
}

/**
 * imapflow keeps EXISTS of the selected folder current but not UIDNEXT, and does not SELECT again a
 * folder that is already selected (the Inbox between IDLEs): STATUS gives the numbers as of now.
 */
async function readServerState(client: ImapFlow, box: MailboxObject): Promise<ServerState> {
  const status: Partial<StatusObject> =
    (await client.status(box.path, { messages: true, uidNext: true, highestModseq: !box.noModseq })) || {};
  return {
    uidValidity: Number(box.uidValidity),
    uidNext: status.uidNext ?? box.uidNext,
    exists: status.messages ?? box.exists,
    highestModseq: status.highestModseq !== undefined && !box.noModseq ? Number(status.highestModseq) : null,
  };
}

/** The folder changed under us between two locks (deleted and recreated): start over next time. */
class FolderReplacedError extends Error {
  constructor(path: string) {
    super(`The folder ${path} was replaced on the server during the sync.`);
  }
}

/**
 * Brings one folder of the store up to the server: a first or interrupted sync fills headers newest
 * first in batches (resumable at every batch), a completed one catches up through CONDSTORE/QRESYNC
 * (flags changed since the stored modseq, VANISHED, new UIDs), a new UIDVALIDITY starts over.
 * The folder is locked per step, so requests from the UI get the connection between batches.
 */
export async function syncFolder(
  client: ImapFlow,
  writer: MailWriter,
  mailboxId: number,
  settings: FolderSyncSettings,
  hooks: FolderSyncHooks,
): Promise<FolderSyncResult> {
  const initial = writer.mailbox(mailboxId);
  if (!initial) return unchanged;
  const path = initial.path;

  const withFolder = async <T>(expected: number | null, use: (box: MailboxObject) => Promise<T>): Promise<T> => {
    const lock = await client.getMailboxLock(path);
    try {
      const box = client.mailbox as MailboxObject;
      if (expected !== null && Number(box.uidValidity) !== expected) throw new FolderReplacedError(path);
      return await use(box);
    } finally {
      lock.release();
    }
  };

  const server = await withFolder(null, (box) => readServerState(client, box));
  let stored = initial;
  if (stored.uidValidity !== null && stored.uidValidity !== server.uidValidity) {
    writer.resetMailbox(mailboxId, server.uidValidity);
  } else if (stored.uidValidity === null) {
    writer.setMailboxState(mailboxId, { uidValidity: server.uidValidity });
  }
  stored = writer.mailbox(mailboxId) as StoredMailbox;

  const condstore = client.enabled.has('CONDSTORE') && server.highestModseq !== null;
  const caughtUpBefore = stored.syncedDownToUid === 1 && stored.highestModseq !== null && stored.uidNext !== null;
  const step = { client, writer, mailbox: stored, server, settings, hooks, withFolder };
  const result = condstore && caughtUpBefore ? await catchUpByModseq(step) : await fillAndReconcile(step);
  writer.setMailboxState(mailboxId, {
    uidNext: server.uidNext,
    highestModseq: condstore ? server.highestModseq : null,
    serverCount: server.exists,
    syncedDownToUid: 1,
  });
  return result;
}

interface Step {
  client: ImapFlow;
  writer: MailWriter;
  mailbox: StoredMailbox;
  server: ServerState;
  settings: FolderSyncSettings;
  hooks: FolderSyncHooks;
  withFolder: <T>(expected: number | null, use: (box: MailboxObject) => Promise<T>) => Promise<T>;
}

async function fetchHeaders(client: ImapFlow, range: string, byUid: boolean, below: number): Promise<HeaderRecord[]> {
  const records: HeaderRecord[] = [];
  for await (const message of client.fetch(range, HEADER_QUERY, { uid: byUid })) {
    if (message.uid < below) records.push(toHeaderRecord(message, identitySource(client.capabilities)));
  }
  return records;
}

/** UIDs below `uidNext` the server holds now, ascending. */
async function serverUids(client: ImapFlow, server: ServerState): Promise<number[]> {
  if (server.exists === 0 || server.uidNext <= 1) return [];
  const found = await client.search({ uid: `1:${server.uidNext - 1}` }, { uid: true });
  return (found || []).sort((a, b) => a - b);
}

/** A completed folder: what changed since the stored HIGHESTMODSEQ, then what is new. */
async function catchUpByModseq(step: Step): Promise<FolderSyncResult> {
  const { client, writer, mailbox, server } = step;
  const since = mailbox.highestModseq as number;
  const knownUidNext = mailbox.uidNext as number;
  if (since === server.highestModseq && knownUidNext === server.uidNext && mailbox.serverCount === server.exists) {
    return unchanged;
  }
  const qresync = client.enabled.has('QRESYNC');
  const vanished: number[] = [];
  const flagChanges: FlagChange[] = [];
  const onExpunge = (event: { path: string; uid?: number; vanished: boolean }) => {
    if (event.path === mailbox.path && event.vanished && event.uid !== undefined) vanished.push(event.uid);
  };
  if (server.exists === 0) {
    const all = writer.storedUids(mailbox.id);
    if (all.length) writer.removeUids(mailbox.id, all);
    return { changed: all.length > 0, arrived: [] };
  }
  let goneByComparison: number[] = [];
  const arrived = await step.withFolder(server.uidValidity, async () => {
    client.on('expunge', onExpunge);
    try {
      const changes = client.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: BigInt(since) });
      for await (const message of changes) {
        if (message.uid < knownUidNext) flagChanges.push(flagChange(message));
      }
      if (!qresync) goneByComparison = missingFrom(writer.storedUids(mailbox.id), await serverUids(client, server));
      return server.uidNext > knownUidNext ? await fetchHeaders(client, `${knownUidNext}:*`, true, server.uidNext) : [];
    } finally {
      client.off('expunge', onExpunge);
    }
  });
  const fresh = arrived.filter((record) => record.uid >= knownUidNext);
  if (flagChanges.length) writer.applyFlags(mailbox.id, flagChanges);
  const gone = [...vanished, ...goneByComparison];
  if (gone.length) writer.removeUids(mailbox.id, gone);
  if (fresh.length) writer.saveHeaders(mailbox.id, fresh);
  return { changed: flagChanges.length + gone.length + fresh.length > 0, arrived: fresh };
}

interface FlagChange {
  uid: number;
  flags: string[];
  modseq: number | null;
}

function flagChange(message: FetchMessageObject): FlagChange {
  return {
    uid: message.uid,
    flags: storedFlags(message.flags),
    modseq: message.modseq === undefined ? null : Number(message.modseq),
  };
}

/**
 * A folder never synced, interrupted, or on a server without CONDSTORE: the newest page first
 * when nothing is stored, then drop what the server no longer has, refresh the flags of what is
 * stored, and fill every missing UID newest first, recording the fill's low-water mark per batch.
 */
async function fillAndReconcile(step: Step): Promise<FolderSyncResult> {
  const { client, writer, mailbox, server, settings, hooks } = step;
  let changed = false;
  let stored = writer.storedUids(mailbox.id);

  if (stored.length === 0 && server.exists > 0) {
    const first = Math.max(1, server.exists - settings.newestPageSize + 1);
    const page = await step.withFolder(server.uidValidity, () =>
      fetchHeaders(client, `${first}:*`, false, server.uidNext),
    );
    if (page.length) {
      writer.saveHeaders(mailbox.id, page);
      const lowest = Math.min(...page.map((record) => record.uid));
      writer.setMailboxState(mailbox.id, {
        uidNext: server.uidNext,
        syncedDownToUid: first === 1 ? 1 : lowest,
        serverCount: server.exists,
      });
      changed = true;
    }
    hooks.onBatch(mailbox, 'newest', page.length, server.exists);
    stored = page.map((record) => record.uid).sort((a, b) => a - b);
  }

  const onServer = await step.withFolder(server.uidValidity, () => serverUids(client, server));
  const gone = missingFrom(stored, onServer);
  if (gone.length) {
    writer.removeUids(mailbox.id, gone);
    changed = true;
  }
  const kept = missingFrom(stored, gone);
  if (kept.length && (mailbox.syncedDownToUid !== null || mailbox.highestModseq !== null)) {
    // Stored before this pass (resumed or no CONDSTORE): their flags may have changed meanwhile.
    const flags = await step.withFolder(server.uidValidity, async () => {
      const changes: FlagChange[] = [];
      for await (const message of client.fetch(uidSet(kept), { uid: true, flags: true }, { uid: true })) {
        changes.push(flagChange(message));
      }
      return changes;
    });
    if (flags.length) writer.applyFlags(mailbox.id, flags);
  }

  const missing = missingFrom(onServer, stored);
  let done = onServer.length - missing.length;
  const batches = newestFirstBatches(missing, settings.headerBatchSize);
  let finished = 0;
  const batchStored = (index: number) => {
    const batch = batches[index] as number[];
    writer.setMailboxState(mailbox.id, { uidNext: server.uidNext, syncedDownToUid: batch[0] });
    done += batch.length;
    finished = index + 1;
    hooks.onBatch(mailbox, 'headers', done, onServer.length);
  };
  const save = (records: HeaderRecord[]) => {
    if (records.length === 0) return;
    writer.saveHeaders(mailbox.id, records);
    changed = true;
  };

  // A fill elsewhere pays for its own login: worth it for a large fill only.
  if (hooks.fillElsewhere && missing.length >= settings.headerBatchSize) {
    const fill = {
      path: mailbox.path,
      uidValidity: server.uidValidity,
      batches: batches.map(uidSet),
      below: server.uidNext,
    };
    await hooks
      .fillElsewhere(fill, ({ records, batchDone }) => {
        save(records);
        if (batchDone !== null) batchStored(batchDone);
      })
      .catch(() => undefined);
  }
  for (let index = finished; index < batches.length; index++) {
    const range = uidSet(batches[index] as number[]);
    await step.withFolder(server.uidValidity, () => streamHeaders(client, range, server.uidNext, save));
    batchStored(index);
  }
  return { changed, arrived: [] };
}
