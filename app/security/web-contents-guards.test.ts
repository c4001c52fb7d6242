import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createExternalOpener } from '../../main/links/external-opener';
import { guardWebContents } from './web-contents-guards';

type OpenHandler = (details: { url: string }) => { action: string };

class FakeContents extends EventEmitter {
  openHandler: OpenHandler | null = null;
  setWindowOpenHandler(handler: OpenHandler) {
    this.openHandler = handler;
  }
}

function guarded() {
  const contents = new FakeContents();
  const launched: string[] = [];
  guardWebContents(
    contents as unknown as WebContents,
    createExternalOpener(async (href) => {
      launched.push(href);
    }),
    () => undefined,
  );
  return { contents, launched };
}

function prevented(contents: FakeContents, event: string, url: string): boolean {
  let wasPrevented = false;
  contents.emit(event, { url, preventDefault: () => (wasPrevented = true) });
  return wasPrevented;
}

describe('guards on every webContents', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays inside the app', (event) => {
    const { contents } = guarded();
    expect(prevented(contents, event, 'app://harbor/index.html#/inbox')).toBe(false);
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://evil/',
      'javascript:alert(1)',
      'about:blank',
    ]) {
      expect(prevented(contents, event, url)).toBe(true);
    }
  });

  it('refuses every <webview>', () => {
    const { contents } = guarded();
    expect(prevented(contents, 'will-attach-webview', 'app://harbor/index.html')).toBe(true);
  });

  it('denies every new window and hands web links to the guarded opener', async () => {
    const { contents, launched } = guarded();
    expect(contents.openHandler?.({ url: 'https://example.com/page' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'smb://attacker.example/share' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(launched).toEqual(['https://example.com/page']);
  });
});
