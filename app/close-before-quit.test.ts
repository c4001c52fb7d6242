import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { closeBeforeQuit } from './close-before-quit';

/** Electron's quit as far as this module sees it: before-quit can be prevented, else the app has quit. */
function fakeApp() {
  const events = new EventEmitter();
  const app = {
    quitted: 0,
    on(name: string, listener: (event: { preventDefault(): void }) => void) {
      events.on(name, listener);
      return app;
    },
    quit() {
      let prevented = false;
      events.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) app.quitted += 1;
    },
  };
  return app;
}

const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('quitting the app', () => {
  it('quits only once the services have closed, and closes them once', async () => {
    const app = fakeApp();
    let closes = 0;
    let finishClose: () => void = () => undefined;
    const services = { close: () => new Promise<void>((resolve) => ((closes += 1), (finishClose = resolve))) };
    closeBeforeQuit(app as never, Promise.resolve(services), () => undefined);

    app.quit();
    app.quit();
    await settle();
    expect(closes).toBe(1);
    expect(app.quitted).toBe(0);
    finishClose();
    await settle();
    expect(app.quitted).toBe(1);
  });

  it('waits for a start-up still under way, then closes what it started', async () => {
    const app = fakeApp();
    const order: string[] = [];
    let finishStart: (services: { close(): Promise<void> }) => void = () => undefined;
    const starting = new Promise<{ close(): Promise<void> }>((resolve) => (finishStart = resolve));
    closeBeforeQuit(app as never, starting, () => undefined);

    app.quit();
    await settle();
    expect(app.quitted).toBe(0);
    finishStart({ close: async () => void order.push('closed') });
    await settle();
    expect(order).toEqual(['closed']);
    expect(app.quitted).toBe(1);
  });

  it('quits after the deadline when closing hangs, and says so', async () => {
    const app = fakeApp();
    const log: string[] = [];
    closeBeforeQuit(
      app as never,
      Promise.resolve({ close: () => new Promise<void>(() => undefined) }),
      (line) => log.push(line),
      50,
    );

    app.quit();
    await settle(20);
    expect(app.quitted).toBe(0);
    await settle(80);
    expect(app.quitted).toBe(1);
    expect(log).toEqual(['closing the services took over 0.05 s; quitting anyway']);
  });

  it('quits when closing fails, with the failure in the log', async () => {
    const app = fakeApp();
    const log: string[] = [];
    const failing = { close: () => Promise.reject(new TypeError('disk gone')) };
    closeBeforeQuit(app as never, Promise.resolve(failing), (line) => log.push(line));

    app.quit();
    await settle();
    expect(app.quitted).toBe(1);
    expect(log).toEqual(['closing the services failed (TypeError)']);
  });
});
