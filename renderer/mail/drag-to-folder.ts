import { useState, type DragEvent, type HTMLAttributes } from 'react';
import type { FolderSummary } from '../../shared/mail-models';

// Dragging rows onto a folder moves them (native HTML5 drag and drop). The data transfer carries
// only a type and a count; the ids stay here, as "all selected" is resolved only when dropped.

const MESSAGES_TYPE = 'application/x-harbor-messages';

let dragged: { accountId: string; ids: () => Promise<number[]> } | null = null;

/** Starts dragging `count` messages of one account; `ids` gives them when they are dropped. */
export function startDraggingMessages(
  event: DragEvent,
  accountId: string,
  count: number,
  ids: () => Promise<number[]>,
): void {
  dragged = { accountId, ids };
  event.dataTransfer.effectAllowed = 'move';
  event.dataTransfer.setData(MESSAGES_TYPE, String(count));
  event.dataTransfer.setData('text/plain', count === 1 ? '1 message' : `${count} messages`);
}

export function stopDraggingMessages(): void {
  dragged = null;
}

const accepts = (event: DragEvent, folder: FolderSummary) =>
  event.dataTransfer.types.includes(MESSAGES_TYPE) && dragged?.accountId === folder.accountId;

/** Makes a folder a drop target for dragged messages of its account; `over` while they hover it. */
export function useFolderDrop(folder: FolderSummary, onDrop: (ids: number[]) => void) {
  const [over, setOver] = useState(false);
  const props: HTMLAttributes<HTMLElement> = {
    onDragOver: (event) => {
      if (!accepts(event, folder)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (!over) setOver(true);
    },
    onDragLeave: () => setOver(false),
    onDrop: (event) => {
      setOver(false);
      if (!accepts(event, folder) || !dragged) return;
      event.preventDefault();
      const { ids } = dragged;
      dragged = null;
      void ids().then(onDrop);
    },
  };
  return { over, props };
}
