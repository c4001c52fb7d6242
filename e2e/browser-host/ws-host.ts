import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  clientFrame,
  maxFrameBytes,
  wsSubprotocol,
  wsTokenPrefix,
  type ServerFrame,
} from '../../shared/ipc/ws-protocol';
import { failure, type Reply } from '../../shared/ipc/reply';
import type { HostTransport } from '../../shared/ipc/transport';

// The WebSocket end of the contract, for the browser host only (development and tests; never
// shipped). An upgrade is accepted only on the IPC path, from the app's own origin and host,
// carrying the per-run token.

export interface WsHostOptions {
  /** e.g. http://127.0.0.1:PORT: the only Origin and Host the browser host answers. */
  origin: string;
  token: string;
  path: string;
}

function sameSecret(offered: string, expected: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isAllowedUpgrade(request: IncomingMessage, options: WsHostOptions): boolean {
  const url = new URL(request.url ?? '/', options.origin);
  if (url.pathname !== options.path) return false;
  if (request.headers.origin !== options.origin) return false;
  if (request.headers.host !== new URL(options.origin).host) return false;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(wsSubprotocol)) return false;
  const token = offered.find((p) => p.startsWith(wsTokenPrefix))?.slice(wsTokenPrefix.length) ?? '';
  return sameSecret(token, options.token);
}

export interface WsHost extends HostTransport {
  close(): Promise<void>;
}

export function attachWsHost(server: Server, options: WsHostOptions): WsHost {
  const handlers = new Map<string, (input: unknown) => Promise<Reply>>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes,
    handleProtocols: (protocols) => (protocols.has(wsSubprotocol) ? wsSubprotocol : false),
  });

  const send = (socket: WebSocket, frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isAllowedUpgrade(request, options)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    // An oversized frame or invalid UTF-8 is an error on this socket only, never on the host.
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data, isBinary) => {
      let json: unknown;
      try {
        json = isBinary ? undefined : JSON.parse(String(data));
      } catch {
        json = undefined;
      }
      const frame = clientFrame.safeParse(json);
      if (!frame.success) {
        ws.close(1008, 'malformed frame');
        return;
      }
      const handler = handlers.get(frame.data.method);
      const reply = handler
        ? await handler(frame.data.input)
        : failure('UNKNOWN_METHOD', `No method named ${frame.data.method}.`);
      send(ws, { type: 'reply', id: frame.data.id, reply });
    });
  });

  return {
    handle(method, handler) {
      handlers.set(method, handler);
    },
    emit(event, payload) {
      for (const client of wss.clients) send(client, { type: 'event', event, payload });
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
