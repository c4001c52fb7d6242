/** The mail view's panes in F6 order, by element id. */
export const paneIds = ['folder-column', 'message-list-pane', 'reading-pane'] as const;
export type PaneId = (typeof paneIds)[number];

/**
 * Puts the focus in a pane where the keyboard can go on from: the selected row or current
 * folder, else the message list, else the pane's first tab stop, else the pane itself. False when the pane is not shown.
 */
export function focusPane(id: PaneId): boolean {
  const pane = document.getElementById(id);
  // Hidden, or collapsed out of the layout in narrow mode.
  if (!pane || pane.closest('[hidden]') || pane.getClientRects().length === 0) return false;
  // The first match that is laid out: a pane's header may hold controls hidden at this width.
  const shown = (selector: string) =>
    [...pane.querySelectorAll<HTMLElement>(selector)].find((element) => element.getClientRects().length > 0);
  const target =
    shown('[role="option"][aria-selected="true"], [aria-current="true"]') ??
    shown('[role="listbox"][tabindex="0"]') ??
    shown('[tabindex="0"], [tabindex="-1"].reading-body, button:not([disabled]), a[href]') ??
    pane;
  if (target === pane && !pane.hasAttribute('tabindex')) pane.tabIndex = -1;
  target.focus();
  return true;
}

/** The pane `step` away from the one holding the focus (from the list when none does), skipping hidden ones. */
export function cyclePanes(step: 1 | -1): void {
  const current = paneIds.findIndex((id) => document.getElementById(id)?.contains(document.activeElement));
  const from = current === -1 ? paneIds.indexOf('message-list-pane') - step : current;
  for (let turn = 1; turn <= paneIds.length; turn += 1) {
    const next = paneIds[(((from + step * turn) % paneIds.length) + paneIds.length) % paneIds.length]!;
    if (focusPane(next)) return;
  }
}
