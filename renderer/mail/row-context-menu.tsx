import * as ContextMenu from '@radix-ui/react-context-menu';
import {
  Archive,
  ChevronRight,
  FolderInput,
  Forward,
  Mail,
  MailOpen,
  Reply,
  ReplyAll,
  Star,
  StarOff,
  Trash2,
} from 'lucide-react';
import { useState, type ReactElement } from 'react';
import type { FolderSummary, MessageRow } from '../../shared/mail-models';
import { isContextMenuKey, openContextMenuOf } from './context-menu-key';
import { startDraggingMessages, stopDraggingMessages } from './drag-to-folder';
import { folderLabel } from './folder-names';
import type { RowSelection } from './message-list';
import type { ReplyMode } from './reading-pane';
import { flagChoices, type BulkActions } from './use-bulk-actions';
import type { ListSelectionState } from './use-list-selection';

export interface RowMenuContext {
  folders: FolderSummary[];
  selection: ListSelectionState;
  bulk: BulkActions;
  onReply: (mode: ReplyMode, messageId: number) => void;
}

/** A folder's messages can be moved to the other selectable folders of its account. */
export function moveDestinations(folders: FolderSummary[], accountId: string, fromFolderId?: number) {
  return folders.filter((folder) => folder.accountId === accountId && folder.id !== fromFolderId);
}

function Item({ icon: Icon, label, onSelect }: { icon: typeof Archive; label: string; onSelect: () => void }) {
  return (
    <ContextMenu.Item className="menu-item" onSelect={onSelect}>
      <Icon size={16} aria-hidden="true" />
      <span className="menu-item-label">{label}</span>
    </ContextMenu.Item>
  );
}

/** What the menu of one row acts on: the selection when the row is in it, else the row alone. */
function RowMenuItems({ row, context }: { row: MessageRow; context: RowMenuContext }) {
  const { selection, bulk, folders } = context;
  const inSelection = selection.isSelected(row.id) && selection.several;
  const rows = inSelection ? selection.loadedRows() : [row];
  const { markRead, star } = flagChoices(rows);
  const ids = () => selection.idsFor(row);
  const inTrash = folders.find((folder) => folder.id === row.folderId)?.role === 'trash';
  const act = (run: (ids: number[]) => unknown) => () => void ids().then(run);

  return (
    <>
      {inSelection ? (
        <ContextMenu.Label className="menu-label">
          {selection.count.toLocaleString()} messages selected
        </ContextMenu.Label>
      ) : (
        <>
          <Item icon={Reply} label="Reply" onSelect={() => context.onReply('reply', row.id)} />
          <Item icon={ReplyAll} label="Reply all" onSelect={() => context.onReply('replyAll', row.id)} />
          <Item icon={Forward} label="Forward" onSelect={() => context.onReply('forward', row.id)} />
          <ContextMenu.Separator className="menu-separator" />
        </>
      )}
      <Item icon={Archive} label="Archive" onSelect={act((list) => bulk.archive(list))} />
      <Item icon={Trash2} label="Delete" onSelect={act((list) => bulk.remove(list, inTrash))} />
      <ContextMenu.Sub>
        <ContextMenu.SubTrigger className="menu-item">
          <FolderInput size={16} aria-hidden="true" />
          <span className="menu-item-label">Move to…</span>
          <ChevronRight size={16} aria-hidden="true" />
        </ContextMenu.SubTrigger>
        <ContextMenu.Portal>
          <ContextMenu.SubContent className="menu scrolling" sideOffset={4}>
            {moveDestinations(folders, row.accountId, row.folderId).map((folder) => (
              <ContextMenu.Item
                key={folder.id}
                className="menu-item"
                style={{ paddingInlineStart: `${10 + folder.depth * 14}px` }}
                onSelect={act((list) => bulk.move(list, folder))}
              >
                <span className="menu-item-label">{folderLabel(folder)}</span>
              </ContextMenu.Item>
            ))}
          </ContextMenu.SubContent>
        </ContextMenu.Portal>
      </ContextMenu.Sub>
      <ContextMenu.Separator className="menu-separator" />
      <Item
        icon={markRead ? MailOpen : Mail}
        label={markRead ? 'Mark as read' : 'Mark as unread'}
        onSelect={act((list) => bulk.setFlags(list, { unread: !markRead }))}
      />
      <Item
        icon={star ? Star : StarOff}
        label={star ? 'Star' : 'Unstar'}
        onSelect={act((list) => bulk.setFlags(list, { flagged: star }))}
      />
    </>
  );
}

/** A message row's context menu (right-click, Shift+F10 or the Menu key on the focused row). */
export function RowContextMenu({
  row,
  context,
  children,
}: {
  row: MessageRow;
  context: RowMenuContext;
  children: ReactElement;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ContextMenu.Root onOpenChange={setOpen}>
      <ContextMenu.Trigger asChild>{children}</ContextMenu.Trigger>
      <ContextMenu.Portal>
        <ContextMenu.Content
          className="menu"
          aria-label={row.subject ? `Actions for “${row.subject}”` : 'Message actions'}
        >
          {open && <RowMenuItems row={row} context={context} />}
        </ContextMenu.Content>
      </ContextMenu.Portal>
    </ContextMenu.Root>
  );
}

/** Multi-selection, the context menu and dragging, as the message list's rows take them. */
export function rowSelectionBinding(context: RowMenuContext): RowSelection {
  const { selection } = context;
  return {
    isSelected: selection.isSelected,
    click: selection.click,
    onListKey(event) {
      if (isContextMenuKey(event)) {
        const row = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
        if (row) openContextMenuOf(row);
        return row !== null;
      }
      return selection.onListKey(event);
    },
    extendTo: selection.extendTo,
    rowProps: (row) => ({
      draggable: true,
      onDragStart: (event) => {
        const count = selection.isSelected(row.id) ? selection.count : 1;
        startDraggingMessages(event, row.accountId, count, () => selection.idsFor(row));
      },
      onDragEnd: stopDraggingMessages,
    }),
    wrapRow: (row, element) => (
      <RowContextMenu row={row} context={context}>
        {element}
      </RowContextMenu>
    ),
  };
}
