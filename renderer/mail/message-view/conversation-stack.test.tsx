// @vitest-environment jsdom
import { act, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageDetail, MessageRow } from '../../../shared/mail-models';
import { fakeMailClient, messageRow } from '../mail.test-support';
import type { MessageActions } from '../use-message-actions';
import { useTestRoot } from '../../test-root.test-support';
import { ConversationStack } from './conversation-stack';
import { expandedMessages } from './stack-expansion';

vi.mock('./message-view', () => ({
  MessageView: ({ detail, header, label }: { detail: MessageDetail; header: ReactNode; label: string }) => (
    <article aria-label={label}>
      {header}
      <p>{detail.text}</p>
    </article>
  ),
}));

const view = useTestRoot();

const detailOf = (row: MessageRow): MessageDetail => ({
  ...row,
  to: [{ name: 'Alice', address: 'alice@example.test' }],
  cc: [],
  replyTo: [],
  messageIdHeader: null,
  html: null,
  text: `Body ${row.id}`,
  inlineImages: {},
  attachments: [],
  remoteContentAllowed: false,
  event: null,
  protection: null,
  folderIds: [row.folderId],
  unread: false,
});

/** A conversation, oldest first: 1 and 2 read, 3 unread, 4 (the newest) read. */
const conversation = [
  messageRow(1, { threadId: 9 }),
  messageRow(2, { threadId: 9 }),
  messageRow(3, { threadId: 9, unread: true }),
  messageRow(4, { threadId: 9 }),
];
const reply = messageRow(5, { threadId: 9, unread: true });

function renderStack(messages: MessageRow[]) {
  const fake = fakeMailClient({
    'mail.open': ({ messageId }) => detailOf([...messages, reply].find((message) => message.id === messageId)!),
  });
  const actions = { remove: vi.fn(), setFlags: vi.fn(async () => {}) } as unknown as MessageActions;
  const onReply = vi.fn();
  const onRowRead = vi.fn();
  const draw = async (shown: MessageRow[]) =>
    act(async () =>
      view.root.render(
        <ConversationStack
          client={fake.client}
          messages={shown}
          rowIds={shown.map((message) => message.id)}
          actions={actions}
          onReply={onReply}
          onRowRead={onRowRead}
        />,
      ),
    );
  return { fake, actions, onReply, onRowRead, draw };
}

const articles = () => [...view.host.querySelectorAll('article')].map((article) => article.getAttribute('aria-label'));
const lines = () =>
  [...view.host.querySelectorAll<HTMLButtonElement>('button[aria-expanded="false"]')].filter(
    (button) => !button.getAttribute('aria-label'),
  );
const buttonNamed = (within: Element, name: string) =>
  [...within.querySelectorAll<HTMLButtonElement>('button')].find(
    (button) => button.getAttribute('aria-label') === name,
  )!;

describe('ConversationStack', () => {
  it('collapses the read messages and expands the unread ones and the newest, opening only those', async () => {
    const { fake, onRowRead, draw } = renderStack(conversation);
    await draw(conversation);

    expect(view.host.querySelector('ol')?.getAttribute('aria-label')).toBe('Conversation, 4 messages');
    expect(lines().map((line) => line.textContent)).toEqual([
      expect.stringContaining('Sender 1Snippet 1'),
      expect.stringContaining('Sender 2Snippet 2'),
    ]);
    expect(articles()).toEqual(['Message from Sender 3', 'Message from Sender 4']);
    expect(fake.callsOf('mail.open')).toEqual([
      { messageId: 3, markRead: true },
      { messageId: 4, markRead: true },
    ]);
    // Its one unread message opened (and so read on the main side), the row is read as a whole.
    expect(onRowRead).toHaveBeenCalled();
  });

  it('opens a collapsed message on a click, and folds an open one from its sender', async () => {
    const { fake, draw } = renderStack(conversation);
    await draw(conversation);

    await act(async () => lines()[0]!.click());
    expect(articles()).toEqual(['Message from Sender 1', 'Message from Sender 3', 'Message from Sender 4']);
    expect(view.host.textContent).toContain('Body 1');
    expect(fake.callsOf('mail.open').at(-1)).toEqual({ messageId: 1, markRead: true });

    const sender = view.host.querySelector<HTMLButtonElement>('button[aria-expanded="true"]')!;
    await act(async () => sender.click());
    expect(articles()).toEqual(['Message from Sender 3', 'Message from Sender 4']);
  });

  it('opens a reply that joins by the same rule and keeps what the person folded', async () => {
    const { draw } = renderStack(conversation);
    await draw(conversation);
    // The person folds the newest message; then a reply arrives.
    const newest = [...view.host.querySelectorAll('button[aria-expanded="true"]')][1] as HTMLButtonElement;
    await act(async () => newest.click());
    const grown = [...conversation, reply];
    await draw(grown);

    expect(view.host.querySelector('ol')?.getAttribute('aria-label')).toBe('Conversation, 5 messages');
    expect(articles()).toEqual(['Message from Sender 3', 'Message from Sender 5']);
  });

  it('gives each message its own reply, forward, delete and more, acting on that message alone', async () => {
    const { actions, onReply, draw } = renderStack(conversation);
    await draw(conversation);
    const group = view.host.querySelector('[role="group"][aria-label="Actions for the message from Sender 3"]')!;
    expect([...group.querySelectorAll('button')].map((button) => button.getAttribute('aria-label'))).toEqual([
      'Reply',
      'Forward',
      'Delete',
      'More actions',
    ]);

    await act(async () => buttonNamed(group, 'Reply').click());
    expect(onReply).toHaveBeenCalledWith('reply', 3);
    await act(async () => buttonNamed(group, 'Forward').click());
    expect(onReply).toHaveBeenCalledWith('forward', 3);
    await act(async () => buttonNamed(group, 'Delete').click());
    expect(actions.remove).toHaveBeenCalledWith(
      expect.objectContaining({ id: 3, conversation: undefined, inList: false }),
    );
  });
});

describe('expandedMessages', () => {
  const stack = (...unread: boolean[]) => unread.map((isUnread, index) => ({ id: index + 1, unread: isUnread }));

  it('expands the unread messages and the newest', () => {
    expect([...expandedMessages(stack(false, true, false, false))]).toEqual([2, 4]);
    expect([...expandedMessages(stack(false))]).toEqual([1]);
    expect([...expandedMessages([])]).toEqual([]);
  });

  it('leaves the messages shown before as the person left them', () => {
    const shown = new Set([1, 2, 3]);
    expect([...expandedMessages(stack(false, false, true, false), shown, new Set([1]))]).toEqual([1, 4]);
  });
});
