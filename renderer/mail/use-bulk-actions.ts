import { useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { FolderSummary, MessageRow } from '../../shared/mail-models';
import { folderLabel } from './folder-names';
import type { MailListPages } from './mail-list-pages';

type Flags = { unread?: boolean; flagged?: boolean };
type Show = (text: string, onUndo?: (() => void) | null) => void;

/** As many ids as the contract takes in one call. */
const CHUNK = 1_000;

const plural = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

function chunks(ids: number[]): number[][] {
  const parts: number[][] = [];
  for (let at = 0; at < ids.length; at += CHUNK) parts.push(ids.slice(at, at + CHUNK));
  return parts;
}

/**
 * Archive, delete, move and flag a list of messages (a selection, a conversation's messages), in
 * as few calls as the contract allows; the main side acts by UID sets. Whatever the number of
 * calls, one Undo (and `z`) takes the whole action back.
 */
export function useBulkActions(client: Client, pages: MailListPages, show: Show, onRemoved: (ids: number[]) => void) {
  const [confirmingDelete, setConfirmingDelete] = useState<number[] | null>(null);

  const undoAll = async (undoIds: string[], removed: number[], patched: number[]) => {
    try {
      let undone = true;
      for (const undoId of undoIds) undone = (await client.call('mail.undo', { undoId })).undone && undone;
      pages.unhide(removed);
      for (const id of patched) pages.unpatch(id);
      pages.refresh();
      show(undone ? 'Undone.' : 'Some of that could no longer be undone.');
    } catch (reason) {
      show((reason as Error).message);
    }
  };

  /** Runs `call` on each chunk; a failure stops there, says why and still offers to undo what was done. */
  const run = async (
    ids: number[],
    done: string,
    call: (part: number[]) => Promise<{ undoId: string | null }>,
    shown: { removes: boolean; patch?: Flags },
  ) => {
    if (ids.length === 0) return;
    if (shown.removes) {
      pages.hide(ids);
      onRemoved(ids);
    }
    if (shown.patch) for (const id of ids) pages.patch(id, shown.patch);
    const undoIds: string[] = [];
    let acted = 0;
    try {
      for (const part of chunks(ids)) {
        const { undoId } = await call(part);
        if (undoId) undoIds.push(undoId);
        acted += part.length;
      }
      const onUndo = undoIds.length ? () => void undoAll(undoIds, shown.removes ? ids : [], ids) : null;
      show(done, onUndo);
    } catch (reason) {
      const left = ids.slice(acted);
      if (shown.removes) pages.unhide(left);
      if (shown.patch) for (const id of left) pages.unpatch(id);
      const doneIds = ids.slice(0, acted);
      show(
        (reason as Error).message,
        undoIds.length ? () => void undoAll(undoIds, shown.removes ? doneIds : [], doneIds) : null,
      );
    }
  };

  const messages = (count: number) => plural(count, 'message', 'messages');

  return {
    confirmingDelete,
    archive: (ids: number[]) =>
      run(
        ids,
        `${messages(ids.length)} archived.`,
        (part) => client.call('mail.move', { messageIds: part, to: 'archive' }),
        {
          removes: true,
        },
      ),
    /** To Trash; from Trash (`inTrash`) for good, after the person confirms. */
    remove: (ids: number[], inTrash: boolean) => {
      if (inTrash) return setConfirmingDelete(ids);
      void run(
        ids,
        `${messages(ids.length)} moved to Trash.`,
        (part) => client.call('mail.delete', { messageIds: part }),
        {
          removes: true,
        },
      );
    },
    confirmDelete: () => {
      if (!confirmingDelete) return;
      const ids = confirmingDelete;
      setConfirmingDelete(null);
      void run(
        ids,
        `${messages(ids.length)} deleted forever.`,
        (part) => client.call('mail.delete', { messageIds: part, permanent: true }),
        { removes: true },
      );
    },
    cancelDelete: () => setConfirmingDelete(null),
    move: (ids: number[], folder: FolderSummary) =>
      run(
        ids,
        `${messages(ids.length)} moved to ${folderLabel(folder)}.`,
        (part) => client.call('mail.move', { messageIds: part, to: { folderId: folder.id } }),
        { removes: true },
      ),
    setFlags: (ids: number[], flags: Flags) =>
      run(ids, flagsDone(ids.length, flags), (part) => client.call('mail.setFlags', { messageIds: part, ...flags }), {
        removes: false,
        patch: flags,
      }),
    /** Every unread message of these folders (one folder, or the inboxes of the Unified Inbox). */
    markAllRead: async (folders: FolderSummary[]) => {
      if (folders.length === 0) return;
      try {
        const { undoId } = await client.call('mail.markAllRead', { folderIds: folders.map((folder) => folder.id) });
        pages.refresh();
        const where = folders.length === 1 ? folderLabel(folders[0] as FolderSummary) : 'the inboxes';
        if (!undoId) return show(`Nothing unread in ${where}.`);
        show(`Marked all as read in ${where}.`, () => void undoAll([undoId], [], []));
      } catch (reason) {
        show((reason as Error).message);
      }
    },
  };
}

function flagsDone(count: number, flags: Flags): string {
  const what =
    flags.flagged === undefined
      ? flags.unread
        ? 'marked unread'
        : 'marked read'
      : flags.flagged
        ? 'starred'
        : 'unstarred';
  return `${plural(count, 'message', 'messages')} ${what}.`;
}

/** What the menus offer for these rows: read unless all are read, star unless all are starred. */
export function flagChoices(rows: Pick<MessageRow, 'unread' | 'flagged'>[]) {
  return {
    markRead: rows.length === 0 || rows.some((row) => row.unread),
    star: rows.length === 0 || rows.some((row) => !row.flagged),
  };
}

export type BulkActions = ReturnType<typeof useBulkActions>;
