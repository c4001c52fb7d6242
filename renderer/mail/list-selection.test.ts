import { describe, expect, it } from 'vitest';
import {
  allSelected,
  clickRow,
  isSelected,
  noSelection,
  resolveSelection,
  selectAll,
  selectedCount,
  selectOnly,
  toggleRow,
  withoutIds,
  type ListSelection,
} from './list-selection';

// A list of 10 rows whose ids are 101..110; rows 4..7 are not loaded (the virtualized list never
// rendered them) unless `loaded` says otherwise.
const every = Array.from({ length: 10 }, (_, index) => 101 + index);
const idAt = (index: number) => every[index];
const partly = (index: number) => (index >= 4 && index <= 7 ? undefined : every[index]);
const plain = { range: false, toggle: false };
const shift = { range: true, toggle: false };
const ctrl = { range: false, toggle: true };
const ids = (selection: ListSelection) => resolveSelection(selection, every);

describe('list selection', () => {
  it('a plain click selects one row and sets where a Shift-click range starts', () => {
    const selection = clickRow(toggleRow(noSelection, 0, 101), 2, 103, plain, idAt);
    expect(ids(selection)).toEqual([103]);
    expect(selection.anchor).toBe(2);
  });

  it('Shift-click selects from the anchor to the row, either way, replacing what was selected', () => {
    const down = clickRow(selectOnly(2, 103), 5, 106, shift, idAt);
    expect(ids(down)).toEqual([103, 104, 105, 106]);
    const up = clickRow(down, 0, 101, shift, idAt);
    expect(ids(up)).toEqual([101, 102, 103]);
    expect(up.anchor).toBe(2);
  });

  it('Ctrl/Cmd-click adds and takes away single rows; Ctrl+Shift adds a range', () => {
    let selection = clickRow(selectOnly(1, 102), 3, 104, ctrl, idAt);
    selection = clickRow(selection, 8, 109, ctrl, idAt);
    expect(ids(selection)).toEqual([102, 104, 109]);
    selection = clickRow(selection, 3, 104, ctrl, idAt);
    expect(ids(selection)).toEqual([102, 109]);
    selection = clickRow(selection, 6, 107, { range: true, toggle: true }, idAt);
    // The range starts at the row toggled last (104, now unselected) and adds 104..107.
    expect(ids(selection)).toEqual([102, 104, 105, 106, 107, 109]);
  });

  it('x toggles the focused row', () => {
    const once = toggleRow(noSelection, 4, 105);
    expect(isSelected(once, 105)).toBe(true);
    expect(isSelected(toggleRow(once, 4, 105), 105)).toBe(false);
  });

  it('select all covers rows never loaded, and rows taken out stay out', () => {
    let selection = selectAll();
    expect(selectedCount(selection, 10)).toBe(10);
    expect(allSelected(selection, 10)).toBe(true);
    expect(isSelected(selection, 106)).toBe(true);
    selection = toggleRow(selection, 5, 106);
    expect(isSelected(selection, 106)).toBe(false);
    expect(selectedCount(selection, 10)).toBe(9);
    expect(allSelected(selection, 10)).toBe(false);
    expect(ids(selection)).toEqual(every.filter((id) => id !== 106));
  });

  it('a Shift range over rows that are not loaded keeps the loaded ones (the caller loads the rest first)', () => {
    const selection = clickRow(selectOnly(2, 103), 9, 110, shift, partly);
    expect(ids(selection)).toEqual([103, 104, 109, 110]);
    expect(ids(clickRow(selectOnly(2, 103), 9, 110, shift, idAt))).toHaveLength(8);
  });

  it('rows that left the list leave the selection', () => {
    expect(ids(withoutIds(clickRow(selectOnly(0, 101), 3, 104, shift, idAt), [102, 103]))).toEqual([101, 104]);
    // Everything but 102, then 101 and 102 left the list: the 9 rows left minus none.
    const all = withoutIds(toggleRow(selectAll(), 1, 102), [101, 102]);
    expect(selectedCount(all, 9)).toBe(9);
  });

  it('gives the ids in list order', () => {
    const selection = [108, 101, 105].reduce((current, id) => toggleRow(current, id - 101, id), noSelection);
    expect(ids(selection)).toEqual([101, 105, 108]);
  });
});
