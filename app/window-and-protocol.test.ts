import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run on every machine, so these check what the app asks Electron
// for: the window's preferences and the app:// protocol's answers.
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  loaded: [] as string[],
  preferences: [] as unknown[],
}));

vi.mock('electron', () => ({
  protocol: {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      electron.handlers.set(scheme, handler),
    registerSchemesAsPrivileged: () => undefined,
  },
  BrowserWindow: class {
    constructor(options: { webPreferences: unknown }) {
      electron.preferences.push(options.webPreferences);
    }
    once() {}
    loadURL(url: string) {
      electron.loaded.push(url);
      return Promise.resolve();
    }
  },
}));

const { createMainWindow } = await import('./main-window');
const { serveRenderer } = await import('./app-protocol');

let rendererDir = '';
beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
  serveRenderer(rendererDir);
});
afterAll(() => rm(rendererDir, { recursive: true, force: true }));

const fetchApp = (url: string, init?: RequestInit) => electron.handlers.get('app')!(new Request(url, init));

describe('the main window', () => {
  it('is sandboxed, context-isolated, without Node, and loads the app protocol', () => {
    createMainWindow('/app/preload.cjs');
    expect(electron.preferences.at(-1)).toEqual(
      expect.objectContaining({
        preload: '/app/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
      }),
    );
    expect(electron.preferences.at(-1)).not.toHaveProperty('enableBlinkFeatures');
    expect(electron.loaded.at(-1)).toBe('app://harbor/index.html');
  });
});

describe('the app:// protocol', () => {
  it('serves the renderer with the strict CSP', async () => {
    const response = await fetchApp('app://harbor/index.html');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("img-src 'self' data:;");
    expect(csp).not.toContain('unsafe-eval');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('refuses other hosts and methods', async () => {
    expect((await fetchApp('app://evil/index.html')).status).toBe(403);
    expect((await fetchApp('app://harbor/index.html', { method: 'POST', body: 'x' })).status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of ['app://harbor/%2e%2e/%2e%2e/etc/passwd', 'app://harbor/..%2f..%2fetc%2fpasswd']) {
      expect((await fetchApp(url)).status).toBe(404);
    }
  });
});
