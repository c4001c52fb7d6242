// @vitest-environment jsdom
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ListPage } from '../../shared/mail-models';
import { giveMessageListAHeight, messageRow } from './mail.test-support';
import { MailListPages } from './mail-list-pages';
import { MessageList, ROW_HEIGHT } from './message-list';
import { useTestRoot } from '../test-root.test-support';

const VIEWPORT = 640;

const view = useTestRoot();

beforeEach(() => {
  giveMessageListAHeight(VIEWPORT);
});

/** A store of `total` messages answering every page at once, recording the offsets asked for. */
function bigList(total: number, subject?: (id: number) => string) {
  const offsets: number[] = [];
  const pages = new MailListPages(async (offset, limit): Promise<ListPage> => {
    offsets.push(offset);
    const rows = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      rows.push(messageRow(i + 1, subject ? { subject: subject(i + 1) } : {}));
    }
    return { total, offset, rows };
  });
  return { pages, offsets };
}

async function render(pages: MailListPages) {
  await act(async () => {
    view.root.render(
      <MessageList
        pages={pages}
        label="Inbox"
        selectedIndex={null}
        focusRequest={0}
        onSelect={() => {}}
        onOpen={() => {}}
      />,
    );
  });
  // The first page sets the total; the list then asks for the pages of its window.
  await act(async () => {});
}

const options = () => [...view.host.querySelectorAll<HTMLElement>('[role="option"]')];

describe('MessageList', () => {
  it('shows a window of 100,000 messages and fetches only the pages on screen', async () => {
    const { pages, offsets } = bigList(100_000);
    await render(pages);

    const listbox = view.host.querySelector('[role="listbox"]')!;
    expect(listbox.getAttribute('aria-label')).toBe('Inbox');
    const shown = options();
    expect(shown.length).toBeGreaterThan(VIEWPORT / ROW_HEIGHT - 1);
    expect(shown.length).toBeLessThan(40);
    expect(shown[0]!.getAttribute('aria-setsize')).toBe('100000');
    expect(shown[0]!.getAttribute('aria-posinset')).toBe('1');
    expect(shown[0]!.textContent).toContain('Sender 1');
    expect(shown[0]!.textContent).toContain('Subject 1');
    expect(offsets).toEqual([0]);

    const scroller = view.host.querySelector<HTMLElement>('.message-list-scroller')!;
    await act(async () => {
      scroller.scrollTop = 50_050 * ROW_HEIGHT;
      scroller.dispatchEvent(new Event('scroll'));
    });
    await act(async () => {});

    expect(offsets).toEqual([0, 50_000]);
    const after = options();
    expect(after.length).toBeLessThan(40);
    const first = after.find((row) => row.getAttribute('aria-posinset') === '50051')!;
    expect(first.textContent).toContain('Subject 50051');
  });

  it('shows HTML in a subject or sender name as text', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>Invoice</b>';
    const { pages } = bigList(1, () => hostile);
    await render(pages);

    const row = options()[0]!;
    expect(row.textContent).toContain(hostile);
    expect(row.querySelector('img, b')).toBeNull();
  });

  it('marks unread, starred, attachment and conversation size in the row and its name', async () => {
    const pages = new MailListPages(async () => ({
      total: 1,
      offset: 0,
      rows: [messageRow(7, { unread: true, flagged: true, hasAttachments: true, threadCount: 3 })],
    }));
    await render(pages);

    const row = options()[0]!;
    expect(row.classList.contains('unread')).toBe(true);
    expect(row.querySelector('[role="img"][aria-label="Unread"]')).not.toBeNull();
    expect(row.querySelector('[role="img"][aria-label="Starred"]')).not.toBeNull();
    expect(row.querySelector('[role="img"][aria-label="Has attachments"]')).not.toBeNull();
    expect(row.textContent).toContain('3 messages in conversation');
  });
});
