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
  it.each(['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal'])(
    'denies the %s permission',
    (permission) => {
      const handlers = fakeSession();
      let granted: unknown = 'unanswered';
      handlers.request?.({}, permission, ((answer: unknown) => (granted = answer)) as Callback);
      expect(granted).toBe(false);
      expect(handlers.check?.({}, permission)).toBe(false);
      expect(handlers.device?.({})).toBe(false);
    },
  );

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
