import { useCallback, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary, MessageRow } from '../../shared/mail-models';
import { folderLabel } from './folder-names';
import type { MailListPages } from './mail-list-pages';
import type { Toast } from './undo-toast';

/**
 * A list row, or one message of an opened conversation (`inList: false`, whose flag changes the
 * list shows when the store has them, since its row may stand for more messages).
 */
export type ActionTarget = Pick<MessageRow, 'id' | 'accountId' | 'folderId' | 'unread' | 'flagged' | 'conversation'> & {
  inList?: false;
};

/** What an action on a target acts on: a conversation row's messages in its folder, else the one message. */
export const targetMessageIds = (target: ActionTarget): number[] => target.conversation?.messageIds ?? [target.id];
type Flags = { unread?: boolean; flagged?: boolean };

/**
 * Archive, delete, move and flag a list row (one message, or a conversation's messages in its
 * folder) or one message of an opened conversation. A removed row leaves the list at once and comes
 * back if the action fails; the toast offers Undo while the main side still can.
 */
export function useMessageActions(client: Client, pages: MailListPages, folders: FolderSummary[] | null) {
  const [toast, setToast] = useState<Toast | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<ActionTarget | null>(null);
  const show = useCallback((text: string, onUndo: (() => void) | null = null) => {
    setToast({ text, onUndo });
  }, []);
  const dismiss = useCallback(() => setToast(null), []);

  const undo = async (undoId: string, ids: number[]) => {
    try {
      const { undone } = await client.call('mail.undo', { undoId });
      if (!undone) return show('That can no longer be undone.');
      pages.unhide(ids);
      pages.refresh();
      show('Undone.');
    } catch (reason) {
      show((reason as Error).message);
    }
  };

  const removeWith = async (
    target: ActionTarget,
    done: string,
    call: () => Promise<{ undoId: string | null }>,
  ): Promise<void> => {
    const ids = messageIds(target);
    pages.hide(ids);
    try {
      const { undoId } = await call();
      show(done, undoId === null ? null : () => void undo(undoId, ids));
    } catch (reason) {
      pages.unhide(ids);
      show((reason as Error).message);
    }
  };

  const messageIds = targetMessageIds;
  const inTrash = (target: ActionTarget) => folders?.find((f) => f.id === target.folderId)?.role === 'trash';

  return {
    toast,
    dismiss,
    /** A notice, with Undo when `onUndo` is given (`z` runs it too). */
    show,
    confirmingDelete,
    archive: (target: ActionTarget) =>
      removeWith(target, 'Archived.', () =>
        client.call('mail.move', { messageIds: messageIds(target), to: 'archive' }),
      ),
    /** To Trash; a message already in Trash is deleted for good only after the person confirms. */
    remove: (target: ActionTarget) => {
      if (inTrash(target)) return setConfirmingDelete(target);
      void removeWith(target, 'Moved to Trash.', () => client.call('mail.delete', { messageIds: messageIds(target) }));
    },
    confirmDelete: () => {
      if (!confirmingDelete) return;
      setConfirmingDelete(null);
      void removeWith(confirmingDelete, 'Deleted forever.', () =>
        client.call('mail.delete', { messageIds: messageIds(confirmingDelete), permanent: true }),
      );
    },
    cancelDelete: () => setConfirmingDelete(null),
    move: (target: ActionTarget, folder: FolderSummary) =>
      removeWith(target, `Moved to ${folderLabel(folder)}.`, () =>
        client.call('mail.move', { messageIds: messageIds(target), to: { folderId: folder.id } }),
      ),
    setFlags: async (target: ActionTarget, flags: Flags) => {
      const inList = target.inList !== false;
      if (inList) pages.patch(target.id, flags);
      try {
        await client.call('mail.setFlags', { messageIds: messageIds(target), ...flags });
      } catch (reason) {
        if (inList) pages.unpatch(target.id);
        show((reason as Error).message);
      }
    },
  };
}

export type MessageActions = ReturnType<typeof useMessageActions>;
