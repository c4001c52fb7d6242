import { describe, expect, it } from 'vitest';
import type { ListPage } from '../../shared/mail-models';
import { MailListPages } from './mail-list-pages';
import { messageRow } from './mail.test-support';

/** A list whose replies the test releases one by one. */
function controlled(pageSize = 10) {
  const replies: { offset: number; answer: (rows: number[], total: number) => Promise<void> }[] = [];
  const pages = new MailListPages(
    (offset) =>
      new Promise<ListPage>((resolve) => {
        replies.push({
          offset,
          answer: async (ids, total) => {
            resolve({ total, offset, rows: ids.map((id) => messageRow(id)) });
            await Promise.resolve();
          },
        });
      }),
    pageSize,
  );
  return { pages, replies };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('MailListPages', () => {
  it('fetches each needed page once and shows its rows', async () => {
    const { pages, replies } = controlled();
    pages.ensure(0, 0);
    pages.ensure(0, 0);
    expect(replies.map((r) => r.offset)).toEqual([0]);
    await replies[0]!.answer(range(1, 10), 25);
    expect(pages.count).toBe(25);
    expect(pages.rowAt(3)?.id).toBe(4);
    pages.ensure(5, 14);
    expect(replies.map((r) => r.offset)).toEqual([0, 10]);
  });

  it('keeps old rows through a refresh and drops a reply from before it', async () => {
    const { pages, replies } = controlled();
    pages.ensure(0, 5);
    await replies[0]!.answer(range(1, 10), 10);
    pages.refresh();
    const stale = replies[1]!;
    pages.refresh();
    expect(pages.rowAt(0)?.id).toBe(1);

    await replies[2]!.answer(range(101, 110), 10);
    await stale.answer(range(201, 210), 10);
    expect(pages.rowAt(0)?.id).toBe(101);
  });

  it('hides acted-on rows at once and shows the next ones in their place', async () => {
    const { pages, replies } = controlled();
    pages.ensure(0, 9);
    await replies[0]!.answer(range(1, 10), 10);
    pages.hide([2, 3]);
    expect(pages.count).toBe(8);
    expect([0, 1, 2].map((i) => pages.rowAt(i)?.id)).toEqual([1, 4, 5]);
    expect(pages.indexOf(4)).toBe(1);
    expect(pages.indexOf(2)).toBeNull();
    pages.unhide([2]);
    expect([0, 1, 2].map((i) => pages.rowAt(i)?.id)).toEqual([1, 2, 4]);
  });

  it('shows a flag change at once and keeps it until the store agrees', async () => {
    const { pages, replies } = controlled();
    pages.ensure(0, 0);
    await replies[0]!.answer([1], 1);
    pages.patch(1, { flagged: true });
    expect(pages.rowAt(0)?.flagged).toBe(true);
    pages.refresh();
    await replies[1]!.answer([1], 1);
    expect(pages.rowAt(0)?.flagged).toBe(true);
  });

  it('reports a failed page in plain words', async () => {
    const pages = new MailListPages(() => Promise.reject(new Error('The mail store is not open.')));
    pages.ensure(0, 0);
    await new Promise((resolve) => setTimeout(resolve));
    expect(pages.error).toBe('The mail store is not open.');
    expect(pages.total).toBeNull();
  });
});
