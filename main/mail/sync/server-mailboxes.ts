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

const ROLE_ORDER: (FolderRole | null)[] = ['inbox', 'sent', 'drafts', 'archive', 'flagged', 'trash', 'junk', 'all'];

/** The Inbox first (people look there first), then the other named folders, then the rest by path. */
export function syncOrder(mailboxes: StoredMailbox[]): StoredMailbox[] {
  const rank = (m: StoredMailbox) => {
    const index = ROLE_ORDER.indexOf(m.role);
    return index === -1 ? ROLE_ORDER.length : index;
  };
  return mailboxes.filter((m) => m.selectable).sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}
