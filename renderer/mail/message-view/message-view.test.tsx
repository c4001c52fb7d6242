// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcError, type Client } from '../../../shared/ipc/client';
import type { MessageDetail } from '../../../shared/mail-models';
import { frameContentSecurityPolicy } from './frame-document';
import { MessageView } from './message-view';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const pixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

function message(overrides: Partial<MessageDetail> = {}): MessageDetail {
  return {
    id: 7,
    accountId: 'acct-1',
    folderId: 1,
    threadId: 1,
    from: { name: '<b>Mallory</b>', address: 'mallory@example.com' },
    to: [{ name: 'Alice', address: 'alice@harbor.test' }],
    cc: [],
    replyTo: [],
    subject: '<img src=x onerror=alert(1)> Quarterly report',
    date: Date.UTC(2025, 0, 2, 3, 4),
    messageIdHeader: null,
    unread: false,
    flagged: false,
    html: '<p>Hello <a href="https://example.com/x">link</a></p><img src="https://images.test/a.png">',
    text: null,
    inlineImages: {},
    attachments: [{ id: 3, filename: 'report.pdf', contentType: 'application/pdf', size: 2_400_000 }],
    remoteContentAllowed: false,
    event: null,
    protection: null,
    folderIds: [1],
    ...overrides,
  };
}

type Handler = (input: unknown) => unknown;

function fakeClient(handlers: Record<string, Handler>) {
  const call = vi.fn(async (method: string, input: unknown) => {
    const handler = handlers[method];
    if (!handler) throw new Error(`unexpected call ${method}`);
    return handler(input);
  });
  return { client: { call, on: () => () => {} } as unknown as Client, call };
}

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

async function render(client: Client, detail: MessageDetail) {
  await act(async () => root.render(<MessageView client={client} detail={detail} />));
}

function button(name: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes(name));
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

describe('MessageView', () => {
  it('shows HTML in a frame that may never run scripts, with its own CSP', async () => {
    await render(fakeClient({}).client, message());
    const frame = container.querySelector('iframe');
    expect(frame?.getAttribute('sandbox')).toBe('allow-same-origin');
    expect(frame?.getAttribute('sandbox')).not.toMatch(/allow-(scripts|popups|forms|top-navigation)/);
    expect(frame?.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(frame?.getAttribute('title')).toBe('Message body');
    const srcdoc = frame?.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain(`content="${frameContentSecurityPolicy}"`);
    expect(srcdoc).toContain('Hello');
    expect(srcdoc).not.toContain('images.test');
  });

  it('shows HTML in the subject and sender name as text', async () => {
    await render(fakeClient({}).client, message());
    expect(container.querySelector('h2')?.textContent).toBe('<img src=x onerror=alert(1)> Quarterly report');
    expect(container.textContent).toContain('<b>Mallory</b> <mallory@example.com>');
    expect(container.querySelector('header img, header b')).toBeNull();
  });

  it('blocks remote images until "Load once", then asks the main side for them', async () => {
    const { client, call } = fakeClient({
      'mail.remoteImages': () => ({ images: { 'https://images.test/a.png': pixel } }),
    });
    await render(client, message());
    const banner = container.querySelector('[role="region"][aria-label="Remote content"]');
    expect(banner?.textContent).toContain('Remote content is blocked');
    expect(banner?.textContent).toContain('Always load from mallory@example.com');
    expect(call).not.toHaveBeenCalled();

    await act(async () => button('Load once').click());
    expect(call).toHaveBeenCalledWith('mail.remoteImages', { messageId: 7, urls: ['https://images.test/a.png'] });
    expect(container.querySelector('iframe')?.getAttribute('srcdoc')).toContain(pixel);
    expect(container.querySelector('[aria-label="Remote content"]')).toBeNull();
  });

  it('"Always load" records the choice for the sender, then loads', async () => {
    const { client, call } = fakeClient({
      'mail.allowRemoteContent': () => ({}),
      'mail.remoteImages': () => ({ images: {} }),
    });
    await render(client, message());
    await act(async () => button('Always load from').click());
    expect(call.mock.calls.map(([method]) => method)).toEqual(['mail.allowRemoteContent', 'mail.remoteImages']);
  });

  it('loads remote images at once for a sender the user always allows', async () => {
    const { client, call } = fakeClient({ 'mail.remoteImages': () => ({ images: {} }) });
    await render(client, message({ remoteContentAllowed: true }));
    expect(call).toHaveBeenCalledWith('mail.remoteImages', { messageId: 7, urls: ['https://images.test/a.png'] });
    expect(container.querySelector('[aria-label="Remote content"]')).toBeNull();
  });

  it('shows no banner when nothing remote is in the message', async () => {
    await render(fakeClient({}).client, message({ html: '<p>Just text</p>' }));
    expect(container.querySelector('[aria-label="Remote content"]')).toBeNull();
  });

  it('shows a text body as text, with links that go through the opener', async () => {
    const { client, call } = fakeClient({ 'links.open': () => ({ opened: true }) });
    await render(client, message({ html: null, text: 'See <b>this</b>: https://example.com/a"onclick="alert(1) ok' }));
    expect(container.querySelector('iframe')).toBeNull();
    const body = container.querySelector('.message-text');
    expect(body?.textContent).toBe('See <b>this</b>: https://example.com/a"onclick="alert(1) ok');
    expect(body?.querySelector('b')).toBeNull();
    const links = body?.querySelectorAll('a') ?? [];
    expect(links).toHaveLength(1);
    expect(links[0]?.getAttribute('onclick')).toBeNull();
    await act(async () => links[0]?.click());
    expect(call).toHaveBeenCalledWith('links.open', { url: 'https://example.com/a%22onclick=%22alert(1)' });
  });

  it('lists attachments and says in plain words why saving failed', async () => {
    const { client, call } = fakeClient({
      'mail.saveAttachment': () => {
        throw new IpcError('NOT_FOUND', 'This attachment is no longer on the server.');
      },
    });
    await render(client, message());
    const item = container.querySelector('.attachment');
    expect(item?.textContent).toContain('report.pdf');
    expect(item?.textContent).toContain('application/pdf');
    expect(item?.textContent).toContain('2.3 MB');
    await act(async () => button('Save').click());
    expect(call).toHaveBeenCalledWith('mail.saveAttachment', { messageId: 7, attachmentId: 3 });
    expect(item?.querySelector('[role="alert"]')?.textContent).toBe('This attachment is no longer on the server.');
  });
});
