import type { FolderRole, FolderSummary } from '../../shared/mail-models';

const roleNames: Record<FolderRole, string> = {
  inbox: 'Inbox',
  sent: 'Sent',
  drafts: 'Drafts',
  archive: 'Archive',
  trash: 'Trash',
  junk: 'Junk',
  all: 'All Mail',
  flagged: 'Starred',
};

/** What a person calls the folder: the role's usual name, else the server's name. */
export function folderLabel(folder: Pick<FolderSummary, 'role' | 'name'>): string {
  return folder.role ? roleNames[folder.role] : folder.name;
}
