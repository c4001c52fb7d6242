import { useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ListView, MessageRow } from '../../shared/mail-models';
import {
  allSelected,
  clickRow,
  isSelected,
  noSelection,
  resolveSelection,
  selectAll,
  selectedCount,
  selectOnly,
  selectRange,
  toggleRow,
  withoutIds,
  type ListSelection,
} from './list-selection';
import type { MailListPages } from './mail-list-pages';

/** The most rows one bulk action takes ("select all" in a larger folder acts on the newest this many). */
export const MAX_BULK_ROWS = 20_000;
const PAGE = 500;

/** The row the reading pane shows (the list's focus); selected when nothing else is. */
export interface CurrentRow {
  index: number;
  id: number | null;
}

/**
 * The list's multi-selection for one view. With nothing marked, the current row alone counts as
 * selected, so a plain click or j/k behaves as a single selection; Ctrl/Cmd-click, Shift-click,
 * `x` and select all mark rows by id (see list-selection.ts). As in Gmail, j/k and the arrows
 * move the current row and keep the marks; a plain click or Escape clears them.
 */
export function useListSelection(client: Client, pages: MailListPages, view: ListView, current: CurrentRow | null) {
  const viewKey = JSON.stringify(view);
  const [state, setState] = useState<{ viewKey: string; selection: ListSelection }>({
    viewKey,
    selection: noSelection,
  });
  const marked = state.viewKey === viewKey ? state.selection : noSelection;
  const hasMarks = marked.all || marked.ids.size > 0;
  const currentId = current?.id ?? null;
  const effective: ListSelection = hasMarks
    ? marked
    : current && currentId !== null
      ? selectOnly(current.index, currentId)
      : { ...noSelection, anchor: marked.anchor ?? current?.index ?? null };
  const total = pages.count;
  const count = selectedCount(effective, total);
  const set = (selection: ListSelection) => setState({ viewKey, selection });
  const idAt = (index: number) => pages.rowAt(index)?.id;

  /** Loads the ids of rows `first`..`last` the list has not loaded (a range past unrendered rows). */
  const idsOf = async (first: number, last: number): Promise<Map<number, number>> => {
    const known = new Map<number, number>();
    for (let offset = first; offset <= last; offset += PAGE) {
      const missing = Array.from({ length: Math.min(PAGE, last - offset + 1) }, (_, at) => offset + at).some(
        (index) => idAt(index) === undefined,
      );
      if (!missing) continue;
      const page = await client.call('mail.list', { view, offset, limit: Math.min(PAGE, last - offset + 1) });
      page.rows.forEach((row, at) => known.set(offset + at, row.id));
    }
    return known;
  };

  const rangeTo = async (index: number, add: boolean) => {
    const from = effective.anchor ?? index;
    const fetched = await idsOf(Math.min(from, index), Math.max(from, index));
    set(selectRange(effective, index, (at) => idAt(at) ?? fetched.get(at), add));
  };

  return {
    count,
    total,
    /** More than one row selected: the selection toolbar replaces the list header. */
    several: count > 1,
    everything: allSelected(effective, total),
    isSelected: (id: number) => isSelected(effective, id),

    /** A click: returns true when it was a plain click (the row opens). */
    click(index: number, event: Pick<MouseEvent, 'shiftKey' | 'ctrlKey' | 'metaKey'>): boolean {
      const id = idAt(index);
      const modifiers = { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey };
      if (modifiers.range) {
        void rangeTo(index, modifiers.toggle);
        return false;
      }
      if (id === undefined) return !modifiers.toggle;
      if (!modifiers.toggle) {
        set({ ...noSelection, anchor: index });
        return true;
      }
      set(clickRow(effective, index, id, modifiers, idAt));
      return false;
    },
    /** `x`: marks or unmarks the current row. */
    toggleCurrent() {
      if (!current || currentId === null) return;
      set(toggleRow(hasMarks ? effective : { ...noSelection, anchor: current.index }, current.index, currentId));
    },
    /** The header checkbox and Ctrl/Cmd-A: all, or nothing when all were. */
    toggleAll() {
      set(allSelected(effective, total) ? { ...noSelection, anchor: effective.anchor } : selectAll());
    },
    clear() {
      set({ ...noSelection, anchor: current?.index ?? null });
    },
    /** Rows that left the list. */
    forget(ids: number[]) {
      if (hasMarks) set(withoutIds(marked, ids));
    },
    /** Shift+Arrow in the list: the range from the anchor to the next row. */
    extendTo(index: number) {
      void rangeTo(index, false);
    },
    /** Ctrl/Cmd-A in the list; true when handled. */
    onListKey(event: KeyboardEvent): boolean {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a' && !event.altKey) {
        set(selectAll());
        return true;
      }
      if (event.key === 'Escape' && hasMarks) {
        set({ ...noSelection, anchor: current?.index ?? null });
        return true;
      }
      return false;
    },
    /**
     * The ids a list action takes: the selection when `row` is in it (or no row is named), else
     * the row alone. Loads the ids of rows never loaded when all are selected.
     */
    async idsFor(row?: Pick<MessageRow, 'id'>): Promise<number[]> {
      if (row && !isSelected(effective, row.id)) return [row.id];
      if (!effective.all) return resolveSelection(effective, []);
      const every: number[] = [];
      for (let offset = 0; offset < Math.min(total, MAX_BULK_ROWS); offset += PAGE) {
        const page = await client.call('mail.list', { view, offset, limit: PAGE });
        every.push(...page.rows.map((each) => each.id));
        if (page.rows.length < PAGE) break;
      }
      return resolveSelection(effective, every);
    },
    /** The loaded rows of the selection (for what the menus offer: read or unread, star or unstar). */
    loadedRows(): MessageRow[] {
      const rows: MessageRow[] = [];
      // The first rows are enough to choose between "read" and "unread" when everything is selected.
      for (let index = 0; index < Math.min(total, 5_000); index++) {
        const row = pages.rowAt(index);
        if (row && isSelected(effective, row.id)) rows.push(row);
        if (!effective.all && rows.length === effective.ids.size) break;
      }
      return rows;
    },
  };
}

export type ListSelectionState = ReturnType<typeof useListSelection>;
