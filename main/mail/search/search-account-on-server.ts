import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { isAppError } from '../../../shared/errors';
import type { ServerSearchFolder } from '../../../shared/mail-models';
import { closeImapSession } from '../imap-session';
import type { HeaderRecord, MailWriter, StoredMailbox } from '../store/mail-store-types';
import { HEADER_QUERY, toHeaderRecord } from '../sync/header-record';
import { identitySource } from '../sync/message-identity';
import { toServerMailbox } from '../sync/server-mailboxes';
import { missingFrom, newestFirstBatches, uidSet } from '../sync/uid-sets';
import { imapSearchCriteria } from './imap-search-criteria';
import { serverSearchFolders } from './server-search-folders';
import type { SearchTerms } from './search-terms';

export interface ServerSearchLimits {
  /** How long one folder's SEARCH and header fetch may take before the folder is given up. */
  folderTimeoutMs: number;
  /** The newest matches of a folder that are listed; the rest are counted only. */
  perFolderCap: number;
}

export const defaultServerSearchLimits: ServerSearchLimits = { folderTimeoutMs: 15_000, perFolderCap: 200 };

export interface AccountServerSearch {
  accountId: string;
  /** A session of the account's own for this search (its login budget applies). */
  connect: () => Promise<ImapFlow>;
  writer: MailWriter;
  terms: SearchTerms;
  /** As typed, for X-GM-RAW. */
  query: string;
  limits: ServerSearchLimits;
  signal: AbortSignal;
}

export interface AccountSearchAnswer {
  /** Per folder: the matching UIDs listed (newest first), and those of them stored by this search. */
  hits: { mailboxId: number; uids: number[]; storedNow: number[] }[];
  folders: ServerSearchFolder[];
  /** Folders whose headers were stored now (their lists changed). */
  stored: number[];
  /** Why the account's server could not be searched at all. */
  unreachable: string | null;
}

class FolderTimeout extends Error {}
class Stopped extends Error {}

const offlineReason = (error: unknown) =>
  isAppError(error) ? error.message : 'The mail server could not be reached for the search.';

/**
 * "Search on server" for one account: every folder the query covers (Trash and Junk only when
 * asked for), one at a time on a session of its own, so that a folder past its time limit or a
 * cancelled search is ended by closing that session, never the sync's. The next folder then goes
 * on a new session. Matches not stored yet have their headers fetched and stored, so that they
 * open, and answer, like any other message (the body comes on opening).
 */
export async function searchAccountOnServer(search: AccountServerSearch): Promise<AccountSearchAnswer> {
  const { accountId, writer, signal } = search;
  const answer: AccountSearchAnswer = { hits: [], folders: [], stored: [], unreachable: null };
  const outcome = (mailbox: StoredMailbox, result: ServerSearchFolder['outcome'], found = 0) =>
    answer.folders.push({ accountId, folderId: mailbox.id, outcome: result, found });

  let session: ImapFlow | null = null;
  const stopSession = () => {
    const left = session;
    session = null;
    left?.close();
  };
  signal.addEventListener('abort', stopSession, { once: true });
  try {
    try {
      session = await search.connect();
    } catch (error) {
      answer.unreachable = offlineReason(error);
      return answer;
    }
    if (signal.aborted) return answer;
    const gmail = session.capabilities.has('X-GM-EXT-1');
    const criteria = imapSearchCriteria(search.terms, search.query, gmail);
    // Every folder the server has now, also one made elsewhere since the last sync pass.
    let mailboxes = writer.mailboxes(accountId);
    try {
      mailboxes = writer.syncMailboxes(accountId, (await session.list()).map(toServerMailbox));
    } catch {
      // The folders as last synced, then.
    }
    const { search: folders, leftOut } = serverSearchFolders(mailboxes, search.terms.within, gmail);
    for (const mailbox of leftOut) outcome(mailbox, 'left-out');

    for (const [index, mailbox] of folders.entries()) {
      if (signal.aborted) {
        for (const rest of folders.slice(index)) outcome(rest, 'not-reached');
        break;
      }
      if (!session) {
        try {
          session = await search.connect();
        } catch {
          for (const rest of folders.slice(index)) outcome(rest, 'not-reached');
          break;
        }
      }
      const current: ImapFlow = session;
      try {
        const found = await withinTime(
          searchFolder(current, mailbox, criteria, search),
          search.limits.folderTimeoutMs,
          signal,
        );
        if (found === 'changed') {
          outcome(mailbox, 'changed');
          continue;
        }
        answer.hits.push({ mailboxId: mailbox.id, uids: found.listed, storedNow: found.storedNow });
        if (found.storedNow.length > 0) answer.stored.push(mailbox.id);
        outcome(mailbox, found.listed.length < found.total ? 'capped' : 'searched', found.total);
      } catch (error) {
        if (error instanceof Stopped) {
          for (const rest of folders.slice(index)) outcome(rest, 'not-reached');
          break;
        }
        outcome(mailbox, error instanceof FolderTimeout ? 'timed-out' : 'failed');
        // A command still running can only be ended with its session; a refused one leaves it usable.
        if (error instanceof FolderTimeout || !current.usable) {
          if (session === current) session = null;
          current.close();
        }
      }
    }
    return answer;
  } finally {
    signal.removeEventListener('abort', stopSession);
    await closeImapSession(session);
  }
}

async function searchFolder(
  client: ImapFlow,
  mailbox: StoredMailbox,
  criteria: SearchObject,
  { writer, limits, signal }: AccountServerSearch,
): Promise<{ listed: number[]; total: number; storedNow: number[] } | 'changed'> {
  const lock = await client.getMailboxLock(mailbox.path, { readOnly: true });
  try {
    const uidValidity = Number((client.mailbox as MailboxObject).uidValidity);
    if (mailbox.uidValidity !== null && mailbox.uidValidity !== uidValidity) return 'changed';
    const found = ((await client.search(criteria, { uid: true })) || []).sort((a, b) => b - a);
    const listed = found.slice(0, limits.perFolderCap);
    const records: HeaderRecord[] = [];
    for (const batch of newestFirstBatches(missingFrom([...listed].reverse(), writer.storedUids(mailbox.id)), 500)) {
      for await (const message of client.fetch(uidSet(batch), HEADER_QUERY, { uid: true })) {
        records.push(toHeaderRecord(message, identitySource(client.capabilities)));
      }
    }
    if (signal.aborted) throw new Stopped();
    // Checked and written in one turn of this thread: the sync cannot reset the folder in between.
    const stored = writer.mailbox(mailbox.id);
    if (!stored || (stored.uidValidity !== null && stored.uidValidity !== uidValidity)) return 'changed';
    if (records.length > 0) {
      if (stored.uidValidity === null) writer.setMailboxState(mailbox.id, { uidValidity });
      writer.saveHeaders(mailbox.id, records);
    }
    return { listed, total: found.length, storedNow: records.map((record) => record.uid) };
  } finally {
    lock.release();
  }
}

/** The folder's work, or FolderTimeout after `ms`, or Stopped when the search is cancelled. */
function withinTime<T>(work: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => finish(() => reject(new Stopped()));
    const timer = setTimeout(() => finish(() => reject(new FolderTimeout())), ms);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      settle();
    };
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(signal.aborted ? new Stopped() : error)),
    );
  });
}
