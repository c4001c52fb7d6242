import { afterEach, describe, expect, it, vi } from 'vitest';
import { damagedStore } from '../main/store/store-errors';

// The Electron binary cannot run on every machine, so this runs app/main.ts against a stand-in
// Electron and checks what a start-up failure asks it for: a window with the reason, then exit 1.
const electron = vi.hoisted(() => ({
  errorBoxes: [] as [string, string][],
  exitCodes: [] as number[],
  startFailure: null as unknown,
}));

vi.mock('electron', () => ({
  app: {
    requestSingleInstanceLock: () => true,
    enableSandbox: () => undefined,
    on: () => undefined,
    whenReady: () => Promise.resolve(),
    getPath: () => '/home/someone/.config/Harbor Mail',
    getVersion: () => '1.0.0',
    exit: (code: number) => electron.exitCodes.push(code),
    quit: () => undefined,
  },
  dialog: { showErrorBox: (title: string, content: string) => electron.errorBoxes.push([title, content]) },
  session: { defaultSession: {} },
  shell: { openExternal: async () => undefined },
}));
vi.mock('./app-protocol', () => ({ registerAppScheme: () => undefined, serveRenderer: () => undefined }));
vi.mock('./security/session-guards', () => ({ guardSession: () => undefined }));
vi.mock('../main/services/start-main-services', () => ({
  startMainServices: () => Promise.reject(electron.startFailure),
}));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a start-up failure in Electron', () => {
  it('shows the reason in a window, then exits with 1', async () => {
    const store = '/home/someone/.config/Harbor Mail/harbor.db';
    electron.startFailure = damagedStore(store);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await import('./main');
    await vi.waitFor(() => expect(electron.exitCodes).toEqual([1]));
    expect(electron.errorBoxes).toEqual([['Harbor Mail could not start', damagedStore(store).message]]);
    expect(electron.errorBoxes[0]?.[1]).toContain(`${store} is damaged`);
  });
});
