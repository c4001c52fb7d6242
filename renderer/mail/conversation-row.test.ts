import { describe, expect, it } from 'vitest';
import type { MessageRow } from '../../shared/mail-models';
import { conversationPeople, rowKey } from './conversation-row';
import { MailListPages } from './mail-list-pages';
import { messageRow } from './mail.test-support';
import { targetMessageIds } from './use-message-actions';

const bob = { name: 'Bob Example', address: 'bob@example.test' };
const carol = { name: 'Carol Example', address: 'carol@example.test' };

/** A conversation's row: its newest message `id`, and these messages in the folder. */
const conversationRow = (id: number, messageIds: number[], participants = [bob]): MessageRow =>
  messageRow(id, { threadId: 100 + id, conversation: { messageIds, participants, unreadCount: 0 } });

describe('a conversation row', () => {
  it('names its one sender in full, several by first name, and recipients where the folder asks', () => {
    expect(conversationPeople(conversationRow(1, [1]), false)).toBe('Bob Example');
    expect(
      conversationPeople(conversationRow(1, [1, 2], [bob, carol, { name: '', address: 'dan@x.test' }]), false),
    ).toBe('Bob, Carol, dan');
    expect(conversationPeople(conversationRow(1, [1, 2], [bob, carol]), true)).toBe('To: Alice');
  });

  it('keeps its key while its newest message changes, and acts on all its messages', () => {
    expect(rowKey(conversationRow(1, [1, 2]))).toBe(rowKey({ ...conversationRow(1, [1, 2]), id: 7 }));
    expect(rowKey(messageRow(1))).not.toBe(rowKey(messageRow(7)));
    expect(targetMessageIds(conversationRow(1, [1, 2, 3]))).toEqual([1, 2, 3]);
    expect(targetMessageIds(messageRow(4))).toEqual([4]);
  });
});

describe('the list pages by conversation', () => {
  async function loaded(rows: MessageRow[]) {
    const pages = new MailListPages(async (offset) => ({ total: rows.length, offset, rows }));
    pages.ensure(0, rows.length);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return pages;
  }

  it('leaves a row in the list until all of its messages are hidden, and finds it by any of them', async () => {
    const pages = await loaded([conversationRow(1, [1, 2, 3]), conversationRow(4, [4, 5])]);
    expect(pages.indexOf(5)).toBe(1);

    pages.hide([1]);
    expect(pages.count).toBe(2);
    expect(pages.indexOf(2)).toBe(0);
    expect(pages.hides(1)).toBe(true);

    pages.hide([2, 3]);
    expect(pages.count).toBe(1);
    expect(pages.indexOf(2)).toBeNull();
    expect(pages.rowAt(0)?.id).toBe(4);

    pages.unhide([1, 2, 3]);
    expect(pages.count).toBe(2);
    expect(pages.rowAt(0)?.id).toBe(1);
  });
});
