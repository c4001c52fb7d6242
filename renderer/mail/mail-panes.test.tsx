// @vitest-environment jsdom
import { defaultAppSettings } from '../../shared/app-settings';
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderSummary, ListPage, ListView, MessageDetail } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { MailPanes } from './mail-panes';
import { fakeMailClient, giveMessageListAHeight, messageRow } from './mail.test-support';
import { WithAppSettings } from '../settings/settings.test-support';
import { useTestRoot } from '../test-root.test-support';

vi.mock('./message-view/message-view', () => ({
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

const folder = (id: number, role: FolderSummary['role'], name: string): FolderSummary => ({
  id,
  accountId: alice.id,
  path: name,
  name,
  depth: 0,
  role,
  unread: 0,
  total: 0,
});
const folders = [folder(1, 'inbox', 'INBOX'), folder(2, 'archive', 'Archive'), folder(3, 'trash', 'Trash')];

function detailOf(id: number): MessageDetail {
  const row = messageRow(id);
  return {
    ...row,
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
  };
}

/** 300 messages in every folder; a folder's rows carry its id. */
function pageOf(view: ListView, offset: number, limit: number): ListPage {
  const folderId = view.kind === 'folder' ? view.folderId : 1;
  const rows = [];
  for (let i = offset; i < Math.min(300, offset + limit); i++) rows.push(messageRow(i + 1, { folderId }));
  return { total: 300, offset, rows };
}

function mailClient(
  list: (view: ListView, offset: number, limit: number) => ListPage | Promise<ListPage> = pageOf,
  overrides: Parameters<typeof fakeMailClient>[0] = {},
) {
  return fakeMailClient({
    'mail.folders': () => folders,
    'mail.list': ({ view, offset = 0, limit = 100 }) => list(view, offset, limit),
    'mail.syncStatus': () => [],
    'mail.open': ({ messageId }) => detailOf(messageId),
    'mail.setFlags': () => ({ undoId: 'undo-flags' }),
    'mail.move': () => ({ undoId: 'undo-move' }),
    'mail.delete': ({ permanent }) => ({ undoId: permanent ? null : 'undo-delete' }),
    'mail.undo': () => ({ undone: true }),
    'settings.get': () => ({ ...defaultAppSettings, notifications: false, conversationView: false }),
    ...overrides,
  });
}

const view = useTestRoot();

beforeEach(() => {
  giveMessageListAHeight(640);
});

async function settle(ms = 0) {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function render(client: ReturnType<typeof mailClient>['client']) {
  await act(async () =>
    view.root.render(
      <WithAppSettings client={client}>
        <MailPanes client={client} accounts={[alice]} account={alice} aside={null} />
      </WithAppSettings>,
    ),
  );
  await settle();
  await settle();
}

async function press(key: string, target: Element = document.body, init: KeyboardEventInit = {}) {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
  await settle();
}

async function type(input: HTMLInputElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const listbox = () => view.host.querySelector<HTMLElement>('[role="listbox"]')!;
const options = () => [...view.host.querySelectorAll<HTMLElement>('[role="option"]')];
const selected = () => view.host.querySelector<HTMLElement>('[role="option"][aria-selected="true"]');
const button = (name: string) =>
  [...view.host.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === name);
/** Matches message n's subject and not n's longer neighbours (1 is not 10). */
const subject = (n: number) => new RegExp(`Subject ${n}(?!\\d)`);
const searchBox = () => view.host.querySelector<HTMLInputElement>('input[type="search"]')!;

async function clickRow(index: number, modifiers: MouseEventInit = {}) {
  await act(async () => {
    options()[index]!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, ...modifiers }));
  });
  await settle();
}

const selectedSubjects = () =>
  [...view.host.querySelectorAll('[role="option"][aria-selected="true"] .row-subject')].map((row) => row.textContent);

describe('MailPanes selection', () => {
  it('Shift-click, Ctrl-click and x select several; one archive call takes them all, one z brings them back', async () => {
    const fake = mailClient();
    await render(fake.client);
    expect(listbox().getAttribute('aria-multiselectable')).toBe('true');

    await clickRow(1);
    await clickRow(3, { shiftKey: true });
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 3', 'Subject 4']);
    await clickRow(2, { ctrlKey: true });
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 4']);
    // j moves the current row (from message 2 to 5) and keeps the marks; x adds it.
    for (let step = 0; step < 3; step++) await press('j');
    await press('x');
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 4', 'Subject 5']);
    expect(view.host.querySelector('[role="toolbar"][aria-label="Selected messages"]')?.textContent).toContain(
      '3 selected',
    );

    await press('e');
    expect(fake.callsOf('mail.move')).toEqual([{ messageIds: [2, 4, 5], to: 'archive' }]);
    expect(options().filter((row) => /Subject (2|4|5)(?!\d)/.test(row.textContent ?? ''))).toEqual([]);
    expect(view.host.querySelector('.toast')?.textContent).toContain('3 messages archived.');

    await press('z');
    expect(fake.callsOf('mail.undo')).toEqual([{ undoId: 'undo-move' }]);
    expect(options().filter((row) => /Subject (2|4|5)(?!\d)/.test(row.textContent ?? ''))).toHaveLength(3);
  });

  it('Shift+arrows and Shift+J/K extend the selection from its anchor and take it back, as in Apple Mail', async () => {
    const fake = mailClient();
    await render(fake.client);
    await clickRow(1);
    const shift = (key: string) => press(key, document.activeElement ?? document.body, { shiftKey: true });
    await shift('ArrowDown');
    await shift('ArrowDown');
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 3', 'Subject 4']);
    expect(document.activeElement?.textContent).toMatch(subject(4));
    await shift('ArrowUp');
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 3']);
    // Shift+J and Shift+K do the same from anywhere; past the anchor the range turns upwards.
    await press('J', document.body, { shiftKey: true });
    expect(selectedSubjects()).toEqual(['Subject 2', 'Subject 3', 'Subject 4']);
    for (let step = 0; step < 3; step++) await press('K', document.body, { shiftKey: true });
    expect(selectedSubjects()).toEqual(['Subject 1', 'Subject 2']);
    expect(view.host.querySelector('[role="toolbar"][aria-label="Selected messages"]')?.textContent).toContain(
      '2 selected',
    );
    // A plain arrow moves the current row and keeps the marks.
    await press('ArrowDown', document.activeElement!);
    expect(selectedSubjects()).toEqual(['Subject 1', 'Subject 2']);
    await press('e');
    expect(fake.callsOf('mail.move')).toEqual([{ messageIds: [1, 2], to: 'archive' }]);
  });

  it('Shift+F10 on the focused row opens its context menu (not every host makes that a contextmenu event)', async () => {
    const fake = mailClient();
    await render(fake.client);
    await clickRow(0);
    await act(async () => {
      options()[0]!.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'F10', shiftKey: true, bubbles: true, cancelable: true }),
      );
    });
    await settle();
    const menu = document.querySelector<HTMLElement>('[role="menu"]');
    expect(menu?.getAttribute('aria-label')).toBe('Actions for “Subject 1”');
    expect([...menu!.querySelectorAll('[role="menuitem"]')].map((item) => item.textContent)).toContain('Move to…');
  });

  it('select all covers rows never loaded: star acts on every message of the list', async () => {
    const fake = mailClient();
    await render(fake.client);
    const checkbox = view.host.querySelector<HTMLInputElement>('input[aria-label="Select all messages"]')!;
    await act(async () => checkbox.click());
    await settle();
    expect(checkbox.checked).toBe(true);
    await press('s');
    await settle();
    const starred = fake.callsOf('mail.setFlags');
    expect(starred).toHaveLength(1);
    expect(starred[0]).toEqual({ messageIds: Array.from({ length: 300 }, (_, at) => at + 1), flagged: true });
  });
});

describe('MailPanes keyboard', () => {
  it('j and k move the selection, which opens the message and keeps the focus', async () => {
    const fake = mailClient();
    await render(fake.client);
    expect(listbox().getAttribute('aria-label')).toBe('Unified Inbox');
    expect(selected()).toBeNull();

    await press('j');
    expect(selected()?.textContent).toMatch(subject(1));
    await press('j');
    expect(selected()?.textContent).toMatch(subject(2));
    expect(document.activeElement).toBe(selected());
    await press('k');
    expect(selected()?.textContent).toMatch(subject(1));
    expect(fake.callsOf('mail.open').map((input) => input.messageId)).toEqual([1, 2, 1]);
    expect(view.host.querySelector('article')?.textContent).toBe('Subject 1');
  });

  it('ignores the letters while typing in the search field', async () => {
    const fake = mailClient();
    await render(fake.client);
    await press('j', searchBox());
    expect(selected()).toBeNull();
  });

  it('s stars, Shift+U marks unread, e archives with Undo, # deletes', async () => {
    const fake = mailClient();
    await render(fake.client);
    await press('j');

    await press('s');
    expect(fake.callsOf('mail.setFlags')).toEqual([{ messageIds: [1], flagged: true }]);
    expect(selected()?.querySelector('[aria-label="Starred"]')).not.toBeNull();
    await press('U');
    expect(fake.callsOf('mail.setFlags')[1]).toEqual({ messageIds: [1], unread: true });

    await press('e');
    expect(fake.callsOf('mail.move')).toEqual([{ messageIds: [1], to: 'archive' }]);
    expect(options().some((row) => subject(1).test(row.textContent ?? ''))).toBe(false);
    expect(selected()?.textContent).toMatch(subject(2));
    expect(options()[0]!.getAttribute('aria-setsize')).toBe('299');
    expect(view.host.querySelector('.toast')?.textContent).toContain('Archived.');

    await act(async () => button('Undo')!.click());
    await settle();
    expect(fake.callsOf('mail.undo')).toEqual([{ undoId: 'undo-move' }]);

    // Undo brought message 1 back where it was, selected again.
    expect(selected()?.textContent).toMatch(subject(1));
    await press('#');
    expect(fake.callsOf('mail.delete')).toEqual([{ messageIds: [1] }]);
    expect(view.host.querySelector('.toast')?.textContent).toContain('Moved to Trash.');
  });

  it('# in Trash asks first, then deletes for good', async () => {
    const fake = mailClient();
    await render(fake.client);
    const trash = [...view.host.querySelectorAll('button')].find((b) => b.textContent === 'Trash')!;
    await act(async () => trash.click());
    await settle();
    expect(listbox().getAttribute('aria-label')).toBe('Trash');

    await press('j');
    await press('#');
    expect(fake.callsOf('mail.delete')).toEqual([]);
    // The question is a modal dialog portaled to the body.
    const dialog = document.querySelector('[role="alertdialog"]')!;
    expect(dialog.textContent).toContain('Delete forever?');
    await press('e');
    expect(fake.callsOf('mail.move')).toEqual([]);

    await act(async () =>
      [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Delete forever')!.click(),
    );
    await settle();
    expect(fake.callsOf('mail.delete')).toEqual([{ messageIds: [1], permanent: true }]);
    expect(view.host.querySelector('.toast')?.textContent).toContain('Deleted forever.');
    expect(button('Undo')).toBeUndefined();
  });
});

describe('MailPanes search', () => {
  it('waits for typing to pause, then lists local results for the last query only', async () => {
    const fake = mailClient();
    await render(fake.client);
    const before = fake.callsOf('mail.list').length;

    await type(searchBox(), 'h');
    await type(searchBox(), 'he');
    await type(searchBox(), 'hel');
    await settle(80);

    const searches = fake.callsOf('mail.list').slice(before);
    expect(searches.map((input) => input.view)).toEqual([{ kind: 'search', query: 'hel' }]);
    expect(listbox().getAttribute('aria-label')).toBe('Search results for hel');

    await act(async () => {
      searchBox().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await settle();
    expect(searchBox().value).toBe('');
    expect(listbox().getAttribute('aria-label')).toBe('Unified Inbox');
  });

  it('drops a reply to an older query that arrives after the newer one', async () => {
    const pending = new Map<string, (page: ListPage) => void>();
    const fake = mailClient((view, offset, limit) =>
      view.kind === 'search' ? new Promise((resolve) => pending.set(view.query, resolve)) : pageOf(view, offset, limit),
    );
    await render(fake.client);

    await type(searchBox(), 'old');
    await settle(80);
    await type(searchBox(), 'new');
    await settle(80);
    expect([...pending.keys()]).toEqual(['old', 'new']);

    const answer = (query: string) =>
      act(async () =>
        pending.get(query)!({ total: 1, offset: 0, rows: [messageRow(9, { subject: `About ${query}` })] }),
      );
    await answer('new');
    await answer('old');
    await settle();

    expect(options().map((row) => row.textContent)).toEqual([expect.stringContaining('About new')]);
  });

  it('says so when nothing matches', async () => {
    const fake = mailClient((view, offset, limit) =>
      view.kind === 'search' ? { total: 0, offset: 0, rows: [] } : pageOf(view, offset, limit),
    );
    await render(fake.client);
    await type(searchBox(), 'nothing');
    await settle(80);
    expect(view.host.textContent).toContain('No messages match “nothing”.');
  });
});

describe('MailPanes live updates', () => {
  it('reloads counts and the rows on screen when mail changes, keeping the selection', async () => {
    const fake = mailClient();
    await render(fake.client);
    await press('j');
    await press('j');
    const folderLoads = fake.callsOf('mail.folders').length;
    const listLoads = fake.callsOf('mail.list').length;

    await act(async () => fake.emit('mail.changed', { accountId: alice.id, folderIds: [1] }));
    await settle();

    expect(fake.callsOf('mail.folders').length).toBe(folderLoads + 1);
    expect(fake.callsOf('mail.list').slice(listLoads)).toEqual([
      { view: { kind: 'unified-inbox' }, offset: 0, limit: 100, conversations: false },
    ]);
    expect(selected()?.textContent).toMatch(subject(2));
  });

  it('shows the sync state and updates it from the event', async () => {
    const fake = mailClient();
    await render(fake.client);
    const status = view.host.querySelector('.sync-status')!;
    expect(status.getAttribute('role')).toBe('status');

    await act(async () =>
      fake.emit('mail.syncStatus', {
        accountId: alice.id,
        phase: 'offline',
        folderId: null,
        done: 0,
        total: 0,
        rate: 0,
        etaSeconds: null,
        message: null,
        retryAt: null,
      }),
    );
    expect(status.textContent).toContain('Offline');
    await act(async () => button('Retry now')!.click());
    expect(fake.callsOf('mail.syncNow')).toEqual([{ accountId: alice.id }]);
  });

  it('notifies of new mail as plain text when turned on and allowed', async () => {
    const shown: { title: string; body: string | undefined }[] = [];
    class FakeNotification {
      static permission = 'granted';
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body });
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    try {
      let notifications = false;
      const fake = mailClient(pageOf, {
        'settings.get': () => ({ ...defaultAppSettings, notifications, conversationView: false }),
      });
      await render(fake.client);
      const newMail = { accountId: alice.id, count: 1, latest: { from: 'Mallory', subject: '<b>Win</b>' } };

      await act(async () => fake.emit('mail.newMail', newMail));
      await settle();
      expect(shown).toEqual([]);

      notifications = true;
      await act(async () => fake.emit('mail.newMail', newMail));
      await settle();
      expect(shown).toEqual([{ title: 'New mail', body: 'Mallory: <b>Win</b>' }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
