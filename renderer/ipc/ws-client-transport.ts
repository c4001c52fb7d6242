import type { ClientTransport } from '../../shared/ipc/transport';
import { serverFrame, wsSubprotocol, wsTokenPrefix } from '../../shared/ipc/ws-protocol';
import { failure } from '../../shared/ipc/reply';

// The browser host's side of the contract: calls and events over one WebSocket to 127.0.0.1.

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
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, input }));
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
