import type { ListResponse } from 'imapflow';
import type { FolderRole } from '../../../shared/mail-models';
import type { ServerMailbox, StoredMailbox } from '../store/mail-store-types';

const ROLE_OF_SPECIAL_USE: Record<string, FolderRole> = {
  '\\inbox': 'inbox',
  '\\sent': 'sent',
  '\\drafts': 'drafts',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
  '\\all': 'all',
  '\\flagged': 'flagged',
};

const NOT_SELECTABLE = ['\\noselect', '\\nonexistent'];

export function toServerMailbox(entry: ListResponse): ServerMailbox {
  const flags = [...entry.flags].map((flag) => flag.toLowerCase());
  const role =
    entry.path.toUpperCase() === 'INBOX' ? 'inbox' : ROLE_OF_SPECIAL_USE[entry.specialUse?.toLowerCase() ?? ''];
  return {
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter || null,
    role: role ?? null,
    selectable: !flags.some((flag) => NOT_SELECTABLE.includes(flag)),
  };
}

/**
 * The folders worth keeping. Where the server has an All Mail (`\All`), its views that only
 * repeat All Mail's messages are left out, so that no message is fetched again for them:
 * Gmail's Important (`\Important`) and a flagged-messages folder (`\Flagged`, Gmail's Starred:
 * the flag is on each message anyway).
 */
export function foldersWorthSyncing(listed: ListResponse[]): ListResponse[] {
  const hasAllMail = listed.some((entry) => entry.specialUse?.toLowerCase() === '\\all');
  if (!hasAllMail) return listed;
  const isRepeat = (entry: ListResponse) =>
    entry.specialUse?.toLowerCase() === '\\flagged' ||
    [...entry.flags].some((flag) => flag.toLowerCase() === '\\important');
  return listed.filter((entry) => !isRepeat(entry));
}

const ROLE_ORDER: (FolderRole | null)[] = ['inbox', 'sent', 'drafts', 'archive', 'flagged', 'trash', 'junk', 'all'];

/** The Inbox first (people look there first), then the other named folders, then the rest by path. */
export function syncOrder(mailboxes: StoredMailbox[]): StoredMailbox[] {
  const rank = (m: StoredMailbox) => {
    const index = ROLE_ORDER.indexOf(m.role);
    return index === -1 ? ROLE_ORDER.length : index;
  };
  return mailboxes.filter((m) => m.selectable).sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
