import {
  Archive,
  Files,
  FileText,
  Folder,
  Inbox,
  OctagonAlert,
  Send,
  Star,
  Trash2,
  type LucideIcon,
} from 'lucide-react';
import type { FolderRole } from '../../shared/mail-models';

const roleIcons: Record<FolderRole, LucideIcon> = {
  inbox: Inbox,
  sent: Send,
  drafts: FileText,
  archive: Archive,
  trash: Trash2,
  junk: OctagonAlert,
  all: Files,
  flagged: Star,
};

/** Decorative: the folder's name is next to it. */
export function FolderIcon({ role }: { role: FolderRole | null }) {
  const Icon = role ? roleIcons[role] : Folder;
  return <Icon className="folder-icon" size={16} strokeWidth={1.75} aria-hidden="true" />;
}
