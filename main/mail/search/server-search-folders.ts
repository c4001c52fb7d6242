import type { FolderRole } from '../../../shared/mail-models';
import type { StoredMailbox } from '../store/mail-store-types';
import { syncOrder } from '../sync/server-mailboxes';
import type { SearchWithin } from './search-terms';

const asked = (role: FolderRole | null, within: SearchWithin): boolean => {
  if (within === 'anywhere') return true;
  if (within === null) return role !== 'trash' && role !== 'junk';
  return role === within;
};

/**
 * The folders of one account a server search looks in, Inbox first, and the Trash and Junk folders
 * it leaves out because they were not asked for. On Gmail, All Mail holds every message but those
 * in Trash and Spam, and its labels are views of it: All Mail alone stands for them.
 */
export function serverSearchFolders(
  mailboxes: StoredMailbox[],
  within: SearchWithin,
  gmail: boolean,
): { search: StoredMailbox[]; leftOut: StoredMailbox[] } {
  const selectable = syncOrder(mailboxes);
  let search = selectable.filter((mailbox) => asked(mailbox.role, within));
  const allMail = gmail ? search.find((mailbox) => mailbox.role === 'all') : undefined;
  if (allMail)
    search = search.filter((mailbox) => mailbox === allMail || mailbox.role === 'trash' || mailbox.role === 'junk');
  const leftOut = selectable.filter(
    (mailbox) => (mailbox.role === 'trash' || mailbox.role === 'junk') && !asked(mailbox.role, within),
  );
  return { search, leftOut };
}
