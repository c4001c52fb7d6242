import { describe, expect, it, vi } from 'vitest';

// The IPC sender check as the app wires it: a handler answers only the app's top frame.
const ipc = vi.hoisted(() => ({ handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>() }));
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: never) => ipc.handlers.set(channel, handler) },
}));

const { createElectronHost } = await import('./electron-host');

function served() {
  const calls: unknown[] = [];
  createElectronHost(() => null).handle('app.info', async (input) => {
    calls.push(input);
    return { ok: true, value: 'answered' };
  });
  const call = (senderFrame: unknown) => ipc.handlers.get('harbor:call:app.info')!({ senderFrame }, { x: 1 });
  return { calls, call };
}

describe('the Electron IPC host', () => {
  it('answers the app top frame', async () => {
    const { calls, call } = served();
    await expect(call({ url: 'app://harbor/index.html', parent: null })).resolves.toEqual({
      ok: true,
      value: 'answered',
    });
    expect(calls).toEqual([{ x: 1 }]);
  });

  it.each([
    ['an iframe', { url: 'app://harbor/index.html', parent: {} }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['a frame that is gone', null],
  ])('refuses %s without calling the service', async (_name, frame) => {
    const { calls, call } = served();
    await expect(call(frame)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(calls).toEqual([]);
  });
});
