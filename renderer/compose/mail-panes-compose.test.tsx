// @vitest-environment jsdom
import { defaultAppSettings } from '../../shared/app-settings';
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageDetail } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { MailPanes } from '../mail/mail-panes';
import { fakeMailClient, giveMessageListAHeight, messageRow } from '../mail/mail.test-support';
import { buttonNamed, click, draftOf, keyDown, outboxItemOf, readerDates } from './compose.test-support';
import { WithAppSettings } from '../settings/settings.test-support';
import { useTestRoot } from '../test-root.test-support';

vi.mock('../mail/message-view/message-view', () => ({
  MessageView: ({ detail }: { detail: MessageDetail }) => <article>{detail.subject}</article>,
}));

const alice: AccountSummary = {
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
};

const view = useTestRoot();

beforeEach(() => {
  giveMessageListAHeight(640);
});

async function settle() {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function renderPanes() {
  const fake = fakeMailClient({
    'mail.folders': () => [],
    'mail.list': ({ offset = 0 }) => ({ total: 3, offset, rows: [messageRow(1), messageRow(2), messageRow(3)] }),
    'mail.syncStatus': () => [],
    'mail.open': ({ messageId }) => ({
      ...messageRow(messageId),
      to: [],
      cc: [],
      replyTo: [],
      messageIdHeader: null,
      html: null,
      text: 'Hello',
      inlineImages: {},
      attachments: [],
      remoteContentAllowed: false,
      event: null,
      protection: null,
      folderIds: [],
    }),
    'settings.get': () => ({ ...defaultAppSettings, notifications: false, conversationView: false }),
    'compose.drafts': () => [],
    'compose.start': (input) => draftOf({ mode: input.mode }),
    'compose.save': ({ draftId }) => ({ draftId, savedAt: 2 }),
    'outbox.list': () => [outboxItemOf(1, { state: 'queued' })],
  });
  await act(async () =>
    view.root.render(
      <WithAppSettings client={fake.client}>
        <MailPanes client={fake.client} accounts={[alice]} account={alice} aside={null} />
      </WithAppSettings>,
    ),
  );
  await settle();
  await settle();
  return fake;
}

describe('MailPanes and the composer', () => {
  it('c composes; r, a and f answer the selected message; letters go to the open composer', async () => {
    const fake = await renderPanes();
    await keyDown(document.body, 'c');
    await settle();
    expect(fake.callsOf('compose.start')).toEqual([{ mode: 'new', accountId: alice.id }]);
    expect(view.host.querySelector('[role="dialog"]')).not.toBeNull();

    await keyDown(document.body, 'j');
    await settle();
    expect(fake.callsOf('mail.open')).toEqual([]);
    await click(buttonNamed(view.host, 'Close'));
    await settle();

    await keyDown(document.body, 'j');
    await settle();
    for (const [key, mode] of [
      ['r', 'reply'],
      ['a', 'replyAll'],
      ['f', 'forward'],
    ] as const) {
      await keyDown(document.body, key);
      await settle();
      expect(fake.callsOf('compose.start').at(-1)).toEqual({ mode, messageId: 1, dates: readerDates });
      await click(buttonNamed(view.host, 'Close'));
      await settle();
    }
  });

  it('Compose, Reply and the Outbox are buttons', async () => {
    const fake = await renderPanes();
    await click(buttonNamed(view.host, 'Compose'));
    await settle();
    expect(fake.callsOf('compose.start')).toEqual([{ mode: 'new', accountId: alice.id }]);
    await click(buttonNamed(view.host, 'Close'));
    await settle();

    await keyDown(document.body, 'j');
    await settle();
    await click(buttonNamed(view.host, 'Reply all'));
    await settle();
    expect(fake.callsOf('compose.start').at(-1)).toEqual({ mode: 'replyAll', messageId: 1, dates: readerDates });

    await click(buttonNamed(view.host, 'Outbox'));
    await settle();
    expect(view.host.querySelector('[aria-label="Outbox"]')?.textContent).toContain('Outgoing 1');
    expect(view.host.querySelector<HTMLElement>('[aria-label="Message list"]')?.hidden).toBe(true);
  });
});
