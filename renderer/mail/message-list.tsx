import { useVirtualizer } from '@tanstack/react-virtual';
import {
  Fragment,
  useEffect,
  useLayoutEffect,
  useRef,
  useSyncExternalStore,
  type HTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { MessageRow } from '../../shared/mail-models';
import type { MailListPages } from './mail-list-pages';
import { ConversationRowContent, rowKey } from './conversation-row';
import { MessageRowContent } from './message-row';

export const ROW_HEIGHT = 78;

/** Multi-selection, context menu and dragging for the rows (see use-list-selection.ts, row-context-menu.tsx). */
export interface RowSelection {
  isSelected(id: number): boolean;
  /** Returns true when the click opens the row (no modifier). */
  click(index: number, event: MouseEvent): boolean;
  /** Keys the selection takes (Ctrl/Cmd-A, Escape, the context menu key); true when handled. */
  onListKey(event: KeyboardEvent, current: number | null): boolean;
  /** Shift with a move key: the selection runs from its anchor to this row. */
  extendTo(index: number): void;
  rowProps(row: MessageRow): HTMLAttributes<HTMLDivElement>;
  wrapRow(row: MessageRow, element: ReactElement): ReactNode;
}

/**
 * The message list: a listbox whose options are only the rows on screen (plus a few), each
 * telling its place in the whole list, so 100,000 messages scroll as smoothly as 100.
 */
export function MessageList({
  pages,
  label,
  selectedIndex,
  focusRequest,
  onSelect,
  onOpen,
  showsRecipients = () => false,
  selection,
}: {
  pages: MailListPages;
  label: string;
  /** Whether a row names its recipients (Sent, Drafts) instead of its sender. */
  showsRecipients?: (row: MessageRow) => boolean;
  selectedIndex: number | null;
  /** Changes when the selected row should take the keyboard focus. */
  focusRequest: number;
  onSelect: (index: number) => void;
  onOpen: () => void;
  selection?: RowSelection;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef(false);
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  const count = pages.count;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => pages.ensure(first, last), [pages, first, last]);

  // Only a new selection scrolls: a live update that changes the count keeps the scroll position.
  const countRef = useRef(count);
  countRef.current = count;
  useEffect(() => {
    if (selectedIndex !== null && selectedIndex < countRef.current) {
      virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    }
  }, [virtualizer, selectedIndex]);

  useEffect(() => {
    if (focusRequest > 0) pendingFocus.current = true;
  }, [focusRequest]);

  useLayoutEffect(() => {
    if (!pendingFocus.current || selectedIndex === null) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${selectedIndex}"]`);
    if (row) {
      pendingFocus.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent) => {
    if (selection?.onListKey(event, selectedIndex)) return event.preventDefault();
    const current = selectedIndex ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      Home: 0,
      End: count - 1,
      PageDown: current + 10,
      PageUp: current - 10,
    };
    const next = moves[event.key];
    if (next === undefined || count === 0) return;
    event.preventDefault();
    const target = Math.min(count - 1, Math.max(0, next));
    // As in Apple Mail: Shift moves the current row and selects from where the selection began.
    if (event.shiftKey && selection) selection.extendTo(target);
    onSelect(target);
  };

  return (
    <div
      ref={scroller}
      className="message-list-scroller"
      role="listbox"
      aria-label={label}
      aria-multiselectable={selection ? true : undefined}
      tabIndex={selectedIndex === null ? 0 : -1}
      onKeyDown={onKeyDown}
    >
      <div className="message-list-canvas" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {items.map((item) => {
          const row = pages.rowAt(item.index);
          const focused = item.index === selectedIndex;
          const selected = row && selection ? selection.isSelected(row.id) : focused;
          const className = ['message-row', row?.unread && 'unread', selected && 'selected', focused && 'focused']
            .filter(Boolean)
            .join(' ');
          const element = (
            <div
              {...(row && selection?.rowProps(row))}
              data-index={item.index}
              className={className}
              role="option"
              aria-selected={selected}
              aria-setsize={count}
              aria-posinset={item.index + 1}
              aria-busy={row ? undefined : true}
              tabIndex={focused ? 0 : -1}
              style={{ height: `${ROW_HEIGHT}px`, transform: `translateY(${item.start}px)` }}
              onClick={(event) => {
                if (!selection || selection.click(item.index, event)) onSelect(item.index);
              }}
              onDoubleClick={onOpen}
            >
              {row?.conversation ? (
                <ConversationRowContent row={row} showRecipients={showsRecipients(row)} />
              ) : row ? (
                <MessageRowContent row={row} showRecipients={showsRecipients(row)} />
              ) : (
                <span className="row-loading">Loading…</span>
              )}
            </div>
          );
          return (
            <Fragment key={row ? rowKey(row) : `i${item.index}`}>
              {row && selection ? selection.wrapRow(row, element) : element}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
