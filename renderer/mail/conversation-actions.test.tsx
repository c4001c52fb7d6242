import { defaultAppSettings } from '../../shared/app-settings';
// @vitest-environment jsdom
import { act, type ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderSummary, ListPage, MessageDetail, MessageRow } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { MailPanes } from './mail-panes';
import { fakeMailClient, giveMessageListAHeight, messageRow } from './mail.test-support';
import { useAppSettings } from '../settings/settings-context';
import { WithAppSettings } from '../settings/settings.test-support';
import { useTestRoot } from '../test-root.test-support';

// Actions from the list on a conversation's row act on all its messages in the folder, and Undo
// brings them all back; the list asks for conversations as the setting says.

vi.mock('./message-view/message-view', () => ({
  MessageView: ({ detail }: { detail: MessageDetail }) => <article>{detail.subject}</article>,
}));

const alice = {
  id: 'acct:alice',
  email: 'alice@example.test',
  displayName: null,
  providerId: 'sandbox',
  providerLabel: 'Sandbox',
  status: 'active',
  statusReason: null,
  scopes: [],
  accessExpiresAt: null,
  lastRefreshAt: null,
  authKind: 'oauth',
} satisfies AccountSummary;
const inbox: FolderSummary = {
  id: 1,
  accountId: alice.id,
  path: 'INBOX',
  name: 'INBOX',
  depth: 0,
  role: 'inbox',
  unread: 0,
  total: 0,
};

/** Conversation 10 (six messages, 10 the newest) and the single message 20. */
const rows: MessageRow[] = [
  messageRow(10, {
    threadId: 7,
    threadCount: 6,
    unread: true,
    conversation: { messageIds: [10, 11, 12, 13, 14, 15], participants: [], unreadCount: 2 },
  }),
  messageRow(20, { conversation: { messageIds: [20], participants: [], unreadCount: 0 } }),
];

const view = useTestRoot();
beforeEach(() => giveMessageListAHeight(640));

async function settle() {
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

async function renderPanes(conversationView: boolean, elsewhere: ReactNode = null) {
  const fake = fakeMailClient({
    'mail.folders': () => [inbox],
    'mail.list': ({ offset = 0 }): ListPage => ({ total: rows.length, offset, rows }),
    'mail.syncStatus': () => [],
    'mail.open': ({ messageId }) => ({
      ...messageRow(messageId),
      to: [],
      cc: [],
      replyTo: [],
      messageIdHeader: null,
      html: null,
      text: '',
      inlineImages: {},
      attachments: [],
      remoteContentAllowed: false,
      event: null,
      protection: null,
      folderIds: [],
    }),
    'mail.conversation': ({ threadId }) => ({ threadId, messages: [...rows].reverse() }),
    'mail.setFlags': () => ({ undoId: 'undo-flags' }),
    'mail.move': () => ({ undoId: 'undo-move' }),
    'mail.undo': () => ({ undone: true }),
    'settings.get': () => ({ ...defaultAppSettings, notifications: false, conversationView }),
    'settings.set': (changes) => ({ ...defaultAppSettings, notifications: false, conversationView, ...changes }),
  });
  await act(async () =>
    view.root.render(
      <WithAppSettings client={fake.client}>
        <MailPanes client={fake.client} accounts={[alice]} account={alice} aside={null} />
        {elsewhere}
      </WithAppSettings>,
    ),
  );
  await settle();
  await settle();
  return fake;
}

async function press(key: string) {
  await act(async () => {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await settle();
}

const options = () => [...view.host.querySelectorAll<HTMLElement>('[role="option"]')];
const toggle = () => view.host.querySelector<HTMLButtonElement>('button[aria-label="Group by conversation"]')!;

describe('a conversation row’s actions', () => {
  it('archive all of its messages in the folder, and Undo brings all of them back', async () => {
    const fake = await renderPanes(true);
    expect(options()[0]?.textContent).toContain('6 messages in conversation');

    await press('j');
    await press('e');
    expect(fake.callsOf('mail.move')).toEqual([{ messageIds: [10, 11, 12, 13, 14, 15], to: 'archive' }]);
    expect(options().map((option) => option.textContent)).not.toContainEqual(expect.stringContaining('Subject 10'));

    const undo = [...view.host.querySelectorAll('button')].find((button) => button.textContent === 'Undo')!;
    await act(async () => undo.click());
    await settle();
    expect(fake.callsOf('mail.undo')).toEqual([{ undoId: 'undo-move' }]);
    expect(options()[0]?.textContent).toContain('Subject 10');
  });

  it('mark all of them read and star all of them', async () => {
    const fake = await renderPanes(true);
    await press('j');
    await press('s');
    await press('I');
    expect(fake.callsOf('mail.setFlags')).toEqual(
      expect.arrayContaining([
        { messageIds: [10, 11, 12, 13, 14, 15], flagged: true },
        { messageIds: [10, 11, 12, 13, 14, 15], unread: false },
      ]),
    );
  });
});

describe('the conversation setting', () => {
  it('asks the list for conversations or messages as set, and the toggle changes it', async () => {
    const fake = await renderPanes(false);
    expect(fake.callsOf('mail.list').at(-1)).toMatchObject({ conversations: false });
    expect(toggle().getAttribute('aria-pressed')).toBe('false');

    await act(async () => toggle().click());
    await settle();
    expect(fake.callsOf('settings.set')).toEqual([{ conversationView: true }]);
    expect(fake.callsOf('mail.list').at(-1)).toMatchObject({ conversations: true });
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
  });

  it('follows a change made elsewhere in the app settings (the Settings dialog) without a reload', async () => {
    /** Stands for the Settings dialog: another writer of the same app settings. */
    function ReadingSettings() {
      const { settings, change } = useAppSettings();
      return (
        <button type="button" onClick={() => void change({ conversationView: !settings.conversationView })}>
          Conversations in Settings
        </button>
      );
    }
    const fake = await renderPanes(false, <ReadingSettings />);
    expect(options()).toHaveLength(2);
    const inSettings = [...view.host.querySelectorAll('button')].find(
      (button) => button.textContent === 'Conversations in Settings',
    )!;

    await act(async () => inSettings.click());
    await settle();
    expect(fake.callsOf('settings.set')).toEqual([{ conversationView: true }]);
    expect(fake.callsOf('mail.list').at(-1)).toMatchObject({ conversations: true });
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
    // The list toolbar's toggle writes through the same owner, so the next change starts from "on".
    await act(async () => toggle().click());
    await settle();
    expect(fake.callsOf('settings.set').at(-1)).toEqual({ conversationView: false });
    expect(fake.callsOf('mail.list').at(-1)).toMatchObject({ conversations: false });
  });
});
