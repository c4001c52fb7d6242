// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComposeStartInput, Draft } from '../../shared/compose-models';
import type { Identity } from '../../shared/identity-models';
import type { AccountSummary } from '../../shared/models';
import { fakeMailClient } from '../mail/mail.test-support';
import { buttonNamed, click, control, draftOf, keyDown, typeInto, readerDates } from './compose.test-support';
import { useCompose } from './use-compose';
import { useTestRoot } from '../test-root.test-support';

const account = (id: string, email: string): AccountSummary => ({
  id,
  email,
  displayName: null,
  providerId: 'sandbox',
  providerLabel: 'Sandbox',
  status: 'active',
  statusReason: null,
  scopes: [],
  accessExpiresAt: null,
  lastRefreshAt: null,
  authKind: 'oauth',
});
const alice = account('acct:alice', 'alice@example.test');
const work = account('acct:work', 'alice@work.test');

const identity = (id: number, accountId: string, address: string, fields: Partial<Identity> = {}): Identity => ({
  id,
  accountId,
  address,
  name: '',
  primary: false,
  signature: { format: 'plain', text: '', html: '' },
  ...fields,
});
const identities = [
  identity(1, alice.id, alice.email, { primary: true, name: 'Alice Example' }),
  identity(2, work.id, work.email, { primary: true }),
];

function composeClient(started: Draft = draftOf(), overrides: Parameters<typeof fakeMailClient>[0] = {}) {
  return fakeMailClient({
    'compose.start': () => started,
    'compose.get': ({ draftId }) => ({ ...started, id: draftId }),
    'compose.save': ({ draftId }) => ({ draftId, savedAt: 2 }),
    'compose.suggestAddresses': () => [
      { name: 'Bob', address: 'bob@example.test' },
      { name: 'Bobby', address: 'bobby@example.test' },
    ],
    'compose.send': () => ({ outboxId: 9, sendAt: Date.now() + 5000 }),
    'compose.discard': () => ({ discarded: true }),
    'compose.close': () => ({ removed: true }),
    'outbox.undo': () => ({ draftId: 41 }),
    'identities.list': () => identities,
    ...overrides,
  });
}

const view = useTestRoot();

afterEach(() => {
  vi.useRealTimers();
});

async function settle(ms = 0) {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

function Host({
  client,
  start,
  accounts,
}: {
  client: ReturnType<typeof composeClient>['client'];
  start: ComposeStartInput;
  accounts: AccountSummary[];
}) {
  const compose = useCompose(client, accounts);
  return (
    <>
      <button type="button" onClick={() => compose.start(start)}>
        Open composer
      </button>
      {compose.view}
    </>
  );
}

async function openComposer(
  fake: ReturnType<typeof composeClient>,
  start: ComposeStartInput = { mode: 'new', accountId: alice.id },
  accounts = [alice],
) {
  await act(async () => view.root.render(<Host client={fake.client} start={start} accounts={accounts} />));
  await click(buttonNamed(view.host, 'Open composer'));
  await settle();
  return view.host.querySelector<HTMLElement>('[role="dialog"]')!;
}

const editor = () => view.host.querySelector<HTMLElement>('[role="textbox"][aria-label="Message"]')!;

describe('Composer', () => {
  it('has labelled fields, Cc and Bcc on request, and a From choice with several accounts', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake, { mode: 'new', accountId: alice.id }, [alice, work]);
    expect(fake.callsOf('compose.start')).toEqual([{ mode: 'new', accountId: alice.id }]);
    expect(control(dialog, 'To').getAttribute('role')).toBe('combobox');
    expect(control(dialog, 'Subject').tagName).toBe('INPUT');
    expect(editor().isContentEditable || editor().getAttribute('contenteditable')).toBeTruthy();
    const from = control<HTMLSelectElement>(dialog, 'From');
    expect([...from.options].map((option) => option.text)).toEqual([
      'Alice Example <alice@example.test>',
      'alice@work.test',
    ]);
    expect(from.selectedOptions[0]?.text).toBe('Alice Example <alice@example.test>');
    expect(() => control(dialog, 'Cc')).toThrow();
    await click(buttonNamed(dialog, 'Cc and Bcc'));
    expect(control(dialog, 'Cc').getAttribute('role')).toBe('combobox');
    expect(control(dialog, 'Bcc').getAttribute('role')).toBe('combobox');
    for (const name of [
      'Bold',
      'Italic',
      'Bulleted list',
      'Numbered list',
      'Link',
      'Quote',
      'Attach files',
      'Send',
      'Discard draft',
    ]) {
      expect(buttonNamed(dialog, name), name).toBeDefined();
    }

    await click(control(dialog, 'Plain text only'));
    expect(control(dialog, 'Message').tagName).toBe('TEXTAREA');
  });

  it('formats from a toolbar of named icons, pressed where the caret stands, moved through with the arrow keys', async () => {
    const fake = composeClient(
      draftOf({
        html: '<div>plain <b>strong</b> <i>slanted</i></div><ol><li>first</li></ol><blockquote><div>quoted</div></blockquote>',
      }),
    );
    const dialog = await openComposer(fake);
    const toolbar = dialog.querySelector<HTMLElement>('[role="toolbar"][aria-label="Formatting"]')!;
    const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button')];
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual([
      'Bold',
      'Italic',
      'Underline',
      'Bulleted list',
      'Numbered list',
      'Quote',
      'Link',
    ]);
    for (const button of buttons) {
      expect(button.textContent).toBe('');
      expect(button.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
      expect(button.title).toMatch(new RegExp(`^${button.getAttribute('aria-label')}`));
    }
    expect(buttonNamed(dialog, 'Bold')!.title).toBe('Bold (Ctrl+B)');

    const pressedNames = () =>
      buttons
        .filter((button) => button.getAttribute('aria-pressed') === 'true')
        .map((b) => b.getAttribute('aria-label'));
    const caretIn = async (text: string) => {
      const node = [...editor().querySelectorAll('*')]
        .flatMap((element) => [...element.childNodes])
        .find((child) => child.nodeType === Node.TEXT_NODE && child.textContent === text)!;
      await act(async () => {
        document.getSelection()!.collapse(node, 1);
        document.dispatchEvent(new Event('selectionchange'));
      });
    };
    expect(pressedNames()).toEqual([]);
    await caretIn('strong');
    expect(pressedNames()).toEqual(['Bold']);
    await caretIn('slanted');
    expect(pressedNames()).toEqual(['Italic']);
    await caretIn('first');
    expect(pressedNames()).toEqual(['Numbered list']);
    await caretIn('quoted');
    expect(pressedNames()).toEqual(['Quote']);
    await caretIn('plain ');
    expect(pressedNames()).toEqual([]);
    // A button is not "pressed" by being unsupported: aria-pressed says false, not nothing.
    expect(buttonNamed(dialog, 'Bold')!.getAttribute('aria-pressed')).toBe('false');

    // One Tab stop; the arrow keys go from button to button, across the separators.
    expect([toolbar, ...buttons].filter((element) => element.tabIndex === 0)).toHaveLength(1);
    await act(async () => buttons[0]!.focus());
    // Radix moves the focus a moment after the key.
    const press = async (key: string) => {
      await keyDown(document.activeElement!, key);
      await settle();
    };
    await press('ArrowRight');
    expect(document.activeElement).toBe(buttons[1]);
    await press('ArrowRight');
    await press('ArrowRight');
    expect(document.activeElement).toBe(buttons[3]);
    await press('End');
    expect(document.activeElement).toBe(buttons[6]);
    await press('ArrowLeft');
    expect(document.activeElement).toBe(buttons[5]);
  });

  it('saves 2 s after a change and at once on Close', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    vi.useFakeTimers();
    await typeInto(control(dialog, 'Subject'), 'Lunch');
    await act(async () => {
      editor().innerHTML = '<div>See you <b>at noon</b></div>';
      editor().dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1500);
    });
    expect(fake.callsOf('compose.save')).toEqual([]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(600);
    });
    expect(fake.callsOf('compose.save')).toEqual([
      {
        draftId: 41,
        to: [],
        cc: [],
        bcc: [],
        subject: 'Lunch',
        html: '<div>See you <b>at noon</b></div>',
        text: 'See you at noon',
      },
    ]);
    expect(dialog.querySelector('[role="status"]')?.textContent).toBe('Saved');

    await typeInto(control(dialog, 'Subject'), 'Lunch?');
    await click(buttonNamed(dialog, 'Close'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(fake.callsOf('compose.save').map((input) => input.subject)).toEqual(['Lunch', 'Lunch?']);
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
  });

  it('shows why a save failed', async () => {
    const fake = composeClient(draftOf(), {
      'compose.save': () => {
        throw new Error('The disk is full.');
      },
    });
    const dialog = await openComposer(fake);
    await typeInto(control(dialog, 'Subject'), 'x');
    await click(buttonNamed(dialog, 'Close'));
    await settle();
    expect(dialog.querySelector('[role="status"]')?.textContent).toBe('Not saved: The disk is full.');
  });

  it('completes recipients from suggestions with the keyboard', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    const to = control<HTMLInputElement>(dialog, 'To');
    await typeInto(to, 'bo');
    await settle(200);
    expect(fake.callsOf('compose.suggestAddresses')).toEqual([{ prefix: 'bo', accountId: alice.id }]);
    const listbox = document.getElementById(to.getAttribute('aria-controls')!)!;
    expect(listbox.getAttribute('role')).toBe('listbox');
    expect(to.getAttribute('aria-expanded')).toBe('true');
    const options = [...listbox.querySelectorAll('[role="option"]')].map((option) => option.textContent);
    expect(options).toEqual(['Bob <bob@example.test>', 'Bobby <bobby@example.test>']);

    // The list opens with its first suggestion highlighted; the arrow moves to the next.
    expect(document.getElementById(to.getAttribute('aria-activedescendant')!)?.textContent).toBe(
      'Bob <bob@example.test>',
    );
    await keyDown(to, 'ArrowDown');
    const active = document.getElementById(to.getAttribute('aria-activedescendant')!);
    expect(active?.textContent).toBe('Bobby <bobby@example.test>');
    expect(active?.getAttribute('aria-selected')).toBe('true');
    await keyDown(to, 'Enter');

    expect(to.value).toBe('');
    expect(to.getAttribute('aria-expanded')).toBe('false');
    expect(dialog.querySelector('[aria-label="To recipients"]')?.textContent).toContain('Bobby <bobby@example.test>');
    expect(buttonNamed(dialog, 'Remove bobby@example.test')).toBeDefined();

    await typeInto(to, 'carol@example.test');
    await keyDown(to, 'Enter');
    expect(dialog.querySelector('[aria-label="To recipients"]')?.textContent).toContain('carol@example.test');
  });

  it('takes the highlighted suggestion on Enter instead of calling the typed text no address', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    const to = control<HTMLInputElement>(dialog, 'To');
    await typeInto(to, 'bo');
    await settle(200);
    await keyDown(to, 'Enter');
    expect(dialog.querySelector('[aria-label="To recipients"]')?.textContent).toContain('Bob <bob@example.test>');
    expect(dialog.textContent).not.toContain('Not an email address');
    expect(to.value).toBe('');
  });

  it('Send saves, sends, closes, and offers Undo, which reopens the draft', async () => {
    const fake = composeClient(draftOf({ to: [{ name: '', address: 'bob@example.test' }], subject: 'Hi' }));
    const dialog = await openComposer(fake);
    await click(buttonNamed(dialog, 'Send'));
    await settle();
    const asked = fake.calls.map((call) => call.method).filter((m) => m !== 'compose.start' && m !== 'identities.list');
    expect(asked).toEqual(['compose.save', 'compose.send']);
    expect(fake.callsOf('compose.send')).toEqual([{ draftId: 41 }]);
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
    expect(view.host.querySelector('.toast')?.textContent).toMatch(/Sending in [45] s…/);

    await click(buttonNamed(view.host, 'Undo'));
    await settle();
    expect(fake.callsOf('outbox.undo')).toEqual([{ outboxId: 9 }]);
    expect(fake.callsOf('compose.get')).toEqual([{ draftId: 41 }]);
    expect(view.host.querySelector('[role="dialog"]')).not.toBeNull();
  });

  it('does not send without a recipient', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    await click(buttonNamed(dialog, 'Send'));
    expect(dialog.querySelector('[role="alert"]')?.textContent).toBe('Add at least one recipient.');
    expect(fake.callsOf('compose.send')).toEqual([]);
  });

  it('Discard asks first, then deletes the draft without saving it', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    await typeInto(control(dialog, 'Subject'), 'never mind');
    const question = () => document.querySelector<HTMLElement>('[role="alertdialog"]');

    await click(buttonNamed(dialog, 'Discard draft'));
    expect(question()?.textContent).toContain('Discard this draft?');
    expect(question()?.textContent).toContain('from the Drafts folder on the server');
    await click(buttonNamed(question()!, 'Cancel'));
    await settle();
    expect(question()).toBeNull();
    expect(document.activeElement).toBe(buttonNamed(dialog, 'Discard draft'));
    expect(fake.callsOf('compose.discard')).toEqual([]);
    expect(view.host.querySelector('[role="dialog"]')).not.toBeNull();

    await click(buttonNamed(dialog, 'Discard draft'));
    await click(buttonNamed(question()!, 'Discard'));
    await settle();
    expect(fake.callsOf('compose.discard')).toEqual([{ draftId: 41 }]);
    expect(fake.callsOf('compose.save')).toEqual([]);
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
  });

  it('Escape in the Discard question answers it and leaves the composer open', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    await click(buttonNamed(dialog, 'Discard draft'));
    await keyDown(document.querySelector('[role="alertdialog"]')!, 'Escape');
    await settle();
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    expect(view.host.querySelector('[role="dialog"]')).not.toBeNull();
    expect(fake.callsOf('compose.close')).toEqual([]);
  });

  it('Close tells the main side, which removes a draft nothing was done to', async () => {
    const fake = composeClient();
    const dialog = await openComposer(fake);
    await click(buttonNamed(dialog, 'Close'));
    await settle();
    expect(fake.callsOf('compose.save')).toEqual([]);
    expect(fake.callsOf('compose.close')).toEqual([{ draftId: 41 }]);
    expect(view.host.querySelector('[role="dialog"]')).toBeNull();
  });

  it('prefills a reply with the quoted original as inert text', async () => {
    const hostile =
      '<div><br></div><blockquote><div>Mallory wrote:</div><div>&lt;img src=x onerror=alert(1)&gt;</div>' +
      '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">click</a></blockquote>';
    const reply = draftOf({
      mode: 'reply',
      subject: 'Re: <b>plans</b>',
      to: [{ name: '<img src=x onerror=alert(4)>', address: 'mallory@example.test' }],
      html: hostile,
      sourceMessageId: 7,
    });
    const fake = composeClient(reply);
    const dialog = await openComposer(fake, { mode: 'reply', messageId: 7 });
    expect(fake.callsOf('compose.start')).toEqual([{ mode: 'reply', messageId: 7, dates: readerDates }]);
    expect(dialog.querySelector('h2')?.textContent).toBe('Re: <b>plans</b>');
    expect(control<HTMLInputElement>(dialog, 'Subject').value).toBe('Re: <b>plans</b>');
    expect(dialog.querySelector('[aria-label="To recipients"]')?.textContent).toContain(
      '<img src=x onerror=alert(4)> <mallory@example.test>',
    );
    const quote = editor().querySelector('blockquote')!;
    expect(quote.textContent).toContain('Mallory wrote:');
    expect(quote.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(dialog.querySelectorAll('img, script, b').length).toBe(0);
    expect(editor().querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(document.activeElement).toBe(editor());
  });

  it('shows a plain-text reply as text', async () => {
    const fake = composeClient(draftOf({ mode: 'reply', html: null, text: '\n\n> <script>alert(1)</script>' }));
    const dialog = await openComposer(fake, { mode: 'reply', messageId: 7 });
    const body = control<HTMLTextAreaElement>(dialog, 'Message');
    expect(body.tagName).toBe('TEXTAREA');
    expect(body.value).toBe('\n\n> <script>alert(1)</script>');
    expect(control<HTMLInputElement>(dialog, 'Plain text only').checked).toBe(true);
  });

  it('lists attachments with their sizes and warns past the provider limit', async () => {
    const big = { id: 3, filename: 'video.mp4', contentType: 'video/mp4', size: 20 * 1024 * 1024 };
    const fake = composeClient(draftOf({ attachments: [big] }), {
      'compose.addAttachment': ({ filename }) => ({
        attachment: { id: 4, filename, contentType: 'application/pdf', size: 6 * 1024 * 1024 },
        warning: null,
      }),
      'compose.removeAttachment': () => ({}),
    });
    const dialog = await openComposer(fake);
    expect(dialog.querySelector('.compose-attachments')?.textContent).toContain('video.mp4 20 MB');
    expect(dialog.querySelector('.compose-warning')).toBeNull();

    const picker = control<HTMLInputElement>(dialog, 'Files to attach');
    const file = new File(['%PDF-1.4 tiny'], 'plan.pdf', { type: 'application/pdf' });
    Object.defineProperty(picker, 'files', { configurable: true, value: [file] });
    await act(async () => picker.dispatchEvent(new Event('change', { bubbles: true })));
    await settle(20);
    const added = fake.callsOf('compose.addAttachment')[0]!;
    expect(added).toMatchObject({ draftId: 41, filename: 'plan.pdf', contentType: 'application/pdf' });
    expect(atob(added.dataBase64)).toBe('%PDF-1.4 tiny');
    expect(dialog.querySelector('.compose-attachments')?.textContent).toContain('plan.pdf 6 MB');
    expect(dialog.querySelector('.compose-warning')?.textContent).toContain(
      'most providers refuse messages over 25 MB',
    );

    await click(buttonNamed(dialog, 'Remove video.mp4'));
    await settle();
    expect(fake.callsOf('compose.removeAttachment')).toEqual([{ draftId: 41, attachmentId: 3 }]);
    expect(dialog.querySelector('.compose-warning')).toBeNull();
  });

  it("changes the signature with the From: the alias's takes the place of the account's, and the draft saves the alias", async () => {
    const own = identity(1, alice.id, alice.email, {
      primary: true,
      signature: { format: 'plain', text: 'Alice', html: '' },
    });
    const alias = identity(3, alice.id, 'ferries@example.test', {
      name: 'Ferry desk',
      signature: { format: 'rich', text: 'Ferry desk', html: '<b>Ferry desk</b>' },
    });
    const started = draftOf({ html: '<div><br></div><div>-- </div><div>Alice</div>' });
    const fake = composeClient(started, { 'identities.list': () => [own, alias] });
    const dialog = await openComposer(fake);
    vi.useFakeTimers();
    const from = control<HTMLSelectElement>(dialog, 'From');
    await act(async () => {
      from.value = `${alias.accountId}\n${alias.address}`;
      from.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(editor().innerHTML).toBe('<div><br></div><div>-- </div><b>Ferry desk</b>');
    await click(buttonNamed(dialog, 'Close'));
    expect(fake.callsOf('compose.save').at(-1)).toMatchObject({ from: 'ferries@example.test' });
    vi.useRealTimers();
  });

  it('leaves a signature the person edited alone when the From changes', async () => {
    const own = identity(1, alice.id, alice.email, {
      primary: true,
      signature: { format: 'plain', text: 'Alice', html: '' },
    });
    const alias = identity(3, alice.id, 'ferries@example.test', {
      signature: { format: 'plain', text: 'Ferry desk', html: '' },
    });
    const fake = composeClient(draftOf({ html: '<div>-- </div><div>Alice, captain</div>' }), {
      'identities.list': () => [own, alias],
    });
    const dialog = await openComposer(fake);
    const from = control<HTMLSelectElement>(dialog, 'From');
    await act(async () => {
      from.value = `${alias.accountId}\n${alias.address}`;
      from.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(editor().innerHTML).toBe('<div>-- </div><div>Alice, captain</div>');
  });
});
