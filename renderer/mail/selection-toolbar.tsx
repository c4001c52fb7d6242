import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Archive, CheckCheck, FolderInput, Mail, MailOpen, Star, StarOff, Trash2, X } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { FolderSummary } from '../../shared/mail-models';
import { IconButton } from '../ui/icon-button';
import { folderLabel } from './folder-names';
import { moveDestinations } from './row-context-menu';
import { flagChoices, type BulkActions } from './use-bulk-actions';
import type { ListSelectionState } from './use-list-selection';
import './bulk-actions.css';

/** The list header's checkbox: selects every message of the list, or none when all were. */
export function SelectAllCheckbox({ selection }: { selection: ListSelectionState }) {
  const box = useRef<HTMLInputElement>(null);
  const some = selection.several && !selection.everything;
  useEffect(() => {
    if (box.current) box.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={box}
      type="checkbox"
      className="select-all"
      aria-label="Select all messages"
      title="Select all (Ctrl+A in the list)"
      checked={selection.everything && selection.total > 1}
      disabled={selection.total === 0}
      onChange={() => selection.toggleAll()}
    />
  );
}

/** "Mark all as read" for the folder shown (or the inboxes behind the Unified Inbox). */
export function MarkAllReadButton({ folders, bulk }: { folders: FolderSummary[]; bulk: BulkActions }) {
  const unread = folders.reduce((sum, folder) => sum + folder.unread, 0);
  return (
    <IconButton
      label="Mark all as read"
      icon={CheckCheck}
      disabled={unread === 0}
      onClick={() => void bulk.markAllRead(folders)}
    />
  );
}

/**
 * What can be done to several selected messages at once; each button acts on the whole
 * selection in one action that one Undo takes back.
 */
export function SelectionToolbar({
  selection,
  bulk,
  folders,
  accountId,
  folderId,
}: {
  selection: ListSelectionState;
  bulk: BulkActions;
  folders: FolderSummary[];
  /** The account whose folders the selection can move to (a folder view's); null in mixed lists. */
  accountId: string | null;
  folderId: number | null;
}) {
  const { markRead, star } = flagChoices(selection.loadedRows());
  const inTrash = folders.find((folder) => folder.id === folderId)?.role === 'trash';
  const act = (run: (ids: number[]) => unknown) => () => void selection.idsFor().then(run);
  const destinations = accountId === null ? [] : moveDestinations(folders, accountId, folderId ?? undefined);

  return (
    <div className="selection-toolbar" role="toolbar" aria-label="Selected messages">
      <span className="selection-count" aria-live="polite">
        {selection.count.toLocaleString()} selected
      </span>
      <IconButton label="Archive selected" icon={Archive} onClick={act((ids) => bulk.archive(ids))} />
      <IconButton label="Delete selected" icon={Trash2} onClick={act((ids) => bulk.remove(ids, inTrash))} />
      <DropdownMenu.Root>
        <DropdownMenu.Trigger asChild>
          <IconButton label="Move selected to…" icon={FolderInput} disabled={destinations.length === 0} />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu scrolling" align="start" sideOffset={6}>
            <DropdownMenu.Label className="menu-label">Move to</DropdownMenu.Label>
            {destinations.map((folder) => (
              <DropdownMenu.Item
                key={folder.id}
                className="menu-item"
                style={{ paddingInlineStart: `${10 + folder.depth * 14}px` }}
                onSelect={act((ids) => bulk.move(ids, folder))}
              >
                <span className="menu-item-label">{folderLabel(folder)}</span>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <IconButton
        label={markRead ? 'Mark selected as read' : 'Mark selected as unread'}
        icon={markRead ? MailOpen : Mail}
        onClick={act((ids) => bulk.setFlags(ids, { unread: !markRead }))}
      />
      <IconButton
        label={star ? 'Star selected' : 'Unstar selected'}
        icon={star ? Star : StarOff}
        onClick={act((ids) => bulk.setFlags(ids, { flagged: star }))}
      />
      <span className="toolbar-spacer" />
      <IconButton label="Clear selection" icon={X} onClick={() => selection.clear()} />
    </div>
  );
}
