// Which rows of the message list are selected, as message ids, so the selection holds over rows
// the virtualized list has not rendered (or loaded) and survives rows moving up or down.
// "Select all" is kept as `all` with the ids left out, so it covers rows never loaded.

export interface ListSelection {
  /** Every row of the list, except `ids`; else exactly `ids`. */
  readonly all: boolean;
  readonly ids: ReadonlySet<number>;
  /** Where a Shift-click range starts: the row last clicked or toggled. */
  readonly anchor: number | null;
}

export const noSelection: ListSelection = { all: false, ids: new Set(), anchor: null };

/** The row's id at a list position, or undefined while it is not loaded. */
export type IdAt = (index: number) => number | undefined;

export interface ClickModifiers {
  /** Shift: the range from the anchor. */
  range: boolean;
  /** Ctrl or Cmd: add or take away one row (with Shift: add the range). */
  toggle: boolean;
}

export function isSelected(selection: ListSelection, id: number): boolean {
  return selection.all !== selection.ids.has(id);
}

/** How many rows are selected in a list of `total` rows. */
export function selectedCount(selection: ListSelection, total: number): number {
  return selection.all ? Math.max(0, total - selection.ids.size) : selection.ids.size;
}

/** Only this row. */
export function selectOnly(index: number, id: number): ListSelection {
  return { all: false, ids: new Set([id]), anchor: index };
}

/** Adds the row, or takes it away when it was selected (Ctrl/Cmd-click, `x`). */
export function toggleRow(selection: ListSelection, index: number, id: number): ListSelection {
  const ids = new Set(selection.ids);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { all: selection.all, ids, anchor: index };
}

/** The ids from `from` to `to` (either order) that are loaded. */
export function idsBetween(from: number, to: number, idAt: IdAt): number[] {
  const ids: number[] = [];
  for (let index = Math.min(from, to); index <= Math.max(from, to); index++) {
    const id = idAt(index);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/** Selects the rows from the anchor to `index`; `add` keeps what was selected besides. */
export function selectRange(selection: ListSelection, index: number, idAt: IdAt, add: boolean): ListSelection {
  const anchor = selection.anchor ?? index;
  const range = idsBetween(anchor, index, idAt);
  if (!add) return { all: false, ids: new Set(range), anchor };
  const ids = new Set(selection.ids);
  // In "all" mode the ids are the rows left out: adding a range takes them off that list.
  for (const id of range) {
    if (selection.all) ids.delete(id);
    else ids.add(id);
  }
  return { all: selection.all, ids, anchor };
}

/** What a click on a row does to the selection. */
export function clickRow(
  selection: ListSelection,
  index: number,
  id: number,
  modifiers: ClickModifiers,
  idAt: IdAt,
): ListSelection {
  if (modifiers.range) return selectRange(selection, index, idAt, modifiers.toggle);
  if (modifiers.toggle) return toggleRow(selection, index, id);
  return selectOnly(index, id);
}

export function selectAll(): ListSelection {
  return { all: true, ids: new Set(), anchor: null };
}

/** Whether every one of `total` rows is selected (the header checkbox shows checked). */
export function allSelected(selection: ListSelection, total: number): boolean {
  return total > 0 && selectedCount(selection, total) === total;
}

/** Rows that left the list (archived, moved) are neither selected nor left out any more. */
export function withoutIds(selection: ListSelection, gone: number[]): ListSelection {
  const ids = new Set(selection.ids);
  for (const id of gone) ids.delete(id);
  return { ...selection, ids };
}

/**
 * The selected ids, given the ids of every row of the list in order (needed only for "all").
 * Explicitly selected ids come in the list's order where they are in it.
 */
export function resolveSelection(selection: ListSelection, everyId: readonly number[]): number[] {
  if (selection.all) return everyId.filter((id) => !selection.ids.has(id));
  const order = new Map(everyId.map((id, at) => [id, at]));
  return [...selection.ids].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
}
