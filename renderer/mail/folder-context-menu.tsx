import * as ContextMenu from '@radix-ui/react-context-menu';
import { CheckCheck, FolderOpen } from 'lucide-react';
import type { ReactElement } from 'react';
import type { FolderSummary } from '../../shared/mail-models';
import { isContextMenuKey, openContextMenuOf } from './context-menu-key';
import { useFolderDrop } from './drag-to-folder';
import { folderLabel } from './folder-names';

/**
 * A folder in the sidebar: its context menu (right-click, Shift+F10, the Menu key) and a drop
 * target for dragged messages of its account.
 */
export function FolderContextMenu({
  folder,
  onOpen,
  onMarkAllRead,
  onDropMessages,
  children,
}: {
  folder: FolderSummary;
  onOpen: () => void;
  onMarkAllRead: () => void;
  onDropMessages: (ids: number[]) => void;
  children: ReactElement;
}) {
  const drop = useFolderDrop(folder, onDropMessages);
  return (
    <ContextMenu.Root>
      <ContextMenu.Trigger asChild>
        <div
          className={drop.over ? 'folder-target drop-over' : 'folder-target'}
          {...drop.props}
          onKeyDown={(event) => {
            if (!isContextMenuKey(event)) return;
            event.preventDefault();
            openContextMenuOf(event.target as HTMLElement);
          }}
        >
          {children}
        </div>
      </ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content className="menu" aria-label={`Actions for ${folderLabel(folder)}`}>
          <ContextMenu.Item className="menu-item" onSelect={onOpen}>
            <FolderOpen size={16} aria-hidden="true" />
            <span className="menu-item-label">Open</span>
          </ContextMenu.Item>
          <ContextMenu.Item className="menu-item" disabled={folder.unread === 0} onSelect={onMarkAllRead}>
            <CheckCheck size={16} aria-hidden="true" />
            <span className="menu-item-label">Mark all as read</span>
          </ContextMenu.Item>
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}
