import type { ClientTransport } from '../../shared/ipc/transport';
import { maxFrameBytes, serverFrame, wsSubprotocol, wsTokenPrefix } from '../../shared/ipc/ws-protocol';
import { failure } from '../../shared/ipc/reply';

// The browser host's side of the contract: calls and events over one WebSocket to 127.0.0.1.

/** The host closes the socket on a larger frame, which would fail every call; this fails only this one. */
function overLimit(frame: string): boolean {
  // A UTF-16 unit is at most three bytes of UTF-8: only a long frame needs encoding to be measured.
  return frame.length * 3 > maxFrameBytes && new TextEncoder().encode(frame).byteLength > maxFrameBytes;
}

export function createWsClientTransport(url: string, token: string): ClientTransport {
  const socket = new WebSocket(url, [wsSubprotocol, `${wsTokenPrefix}${token}`]);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener('open', () => resolve(true), { once: true });
    socket.addEventListener('close', () => resolve(false), { once: true });
  });
  const pending = new Map<number, (reply: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    let json: unknown;
    try {
      json = JSON.parse(String(message.data));
    } catch {
      return;
    }
    const frame = serverFrame.safeParse(json);
    if (!frame.success) return;
    if (frame.data.type === 'reply') {
      pending.get(frame.data.id)?.(frame.data.reply);
      pending.delete(frame.data.id);
    } else {
      for (const listener of listeners.get(frame.data.event) ?? []) listener(frame.data.payload);
    }
  });

  socket.addEventListener('close', () => {
    for (const resolve of pending.values())
      resolve(failure('CONNECTION_FAILED', 'The connection to the app was lost.'));
    pending.clear();
  });

  return {
    async invoke(method, input) {
      if (!(await opened)) return failure('CONNECTION_FAILED', 'The connection to the app was refused.');
      if (socket.readyState !== WebSocket.OPEN) {
        return failure('CONNECTION_FAILED', 'The connection to the app was lost.');
      }
      const id = nextId++;
      const frame = JSON.stringify({ type: 'call', id, method, input });
      if (overLimit(frame)) return failure('INVALID_INPUT', 'This is too large to hand to the app in one piece.');
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(frame);
      });
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
