import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { guardSession } from './session-guards';

type Callback = (answer: unknown) => void;

function fakeSession() {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    setPermissionRequestHandler: (handler: never) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: never) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: never) => (handlers.device = handler),
    webRequest: { onBeforeRequest: (handler: never) => (handlers.beforeRequest = handler) },
  };
  guardSession(session as unknown as Session);
  return handlers as Record<string, (...args: unknown[]) => unknown>;
}

describe('session guards', () => {
  const ask = (handlers: ReturnType<typeof fakeSession>, permission: string, url: string, isMainFrame = true) => {
    let granted: unknown = 'unanswered';
    handlers.request?.({}, permission, ((answer: unknown) => (granted = answer)) as Callback, {
      requestingUrl: url,
      isMainFrame,
    });
    return { granted, checked: handlers.check?.({}, permission, url, { isMainFrame }) };
  };

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'denies the %s permission, even to the app',
    (permission) => {
      const handlers = fakeSession();
      expect(ask(handlers, permission, 'app://harbor/index.html')).toEqual({ granted: false, checked: false });
      expect(handlers.device?.({})).toBe(false);
    },
  );

  it("allows notifications to the app's own top-level page only", () => {
    const handlers = fakeSession();
    expect(ask(handlers, 'notifications', 'app://harbor/index.html')).toEqual({ granted: true, checked: true });
    expect(ask(handlers, 'notifications', 'app://harbor/index.html', false)).toEqual({
      granted: false,
      checked: false,
    });
    expect(ask(handlers, 'notifications', 'https://evil.example/')).toEqual({ granted: false, checked: false });
    expect(ask(handlers, 'notifications', 'app://evil/index.html')).toEqual({ granted: false, checked: false });
  });

  it('lets only the app and devtools load anything', () => {
    const handlers = fakeSession();
    const cancelled = (url: string) => {
      let answer: { cancel: boolean } | undefined;
      handlers.beforeRequest?.({ url }, ((response: { cancel: boolean }) => (answer = response)) as Callback);
      return answer?.cancel;
    };
    expect(cancelled('app://harbor/assets/index.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('ws://127.0.0.1:1/')).toBe(true);
  });
});
