import { describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run on every machine, so this runs app/main.ts against a stand-in
// Electron and checks what quitting does with the services it started: close them first.
const electron = vi.hoisted(() => ({
  handlers: new Map<string, (event: { preventDefault(): void }) => void>(),
  quits: 0,
  closes: 0,
  finishClose: (() => undefined) as () => void,
}));

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => true,
    enableSandbox: () => undefined,
    on: (name: string, handler: (event: { preventDefault(): void }) => void) => electron.handlers.set(name, handler),
    whenReady: () => Promise.resolve(),
    getPath: () => '/home/someone/.config/Harbor Mail',
    getVersion: () => '1.0.0',
    exit: () => undefined,
    quit: () => {
      let prevented = false;
      electron.handlers.get('before-quit')?.({ preventDefault: () => (prevented = true) });
      if (!prevented) electron.quits += 1;
    },
  },
  session: { defaultSession: {} },
  shell: { openExternal: async () => undefined },
}));
vi.mock('./app-protocol', () => ({ registerAppScheme: () => undefined, serveRenderer: () => undefined }));
vi.mock('./security/session-guards', () => ({ guardSession: () => undefined }));
vi.mock('./main-window', () => ({ createMainWindow: () => ({ on: () => undefined }) }));
vi.mock('../main/services/start-main-services', () => ({
  startMainServices: async () => ({
    close: () =>
      new Promise<void>((resolve) => {
        electron.closes += 1;
        electron.finishClose = resolve;
      }),
  }),
}));

describe('quitting Electron', () => {
  it('closes the services it started before the app quits', async () => {
    const { app } = await import('electron');
    await import('./main');
    await vi.waitFor(() => expect(electron.handlers.has('before-quit')).toBe(true));

    app.quit();
    await vi.waitFor(() => expect(electron.closes).toBe(1));
    expect(electron.quits).toBe(0);
    electron.finishClose();
    await vi.waitFor(() => expect(electron.quits).toBe(1));
  });
});
