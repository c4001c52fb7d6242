import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { wsSubprotocol, wsTokenPrefix } from '../../shared/ipc/ws-protocol';
import { attachWsHost, type WsHost } from './ws-host';

const token = 'a'.repeat(64);
let server: http.Server;
let host: WsHost;
let origin = '';

async function start() {
  server = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host = attachWsHost(server, { origin, token, path: '/ipc' });
  host.handle('app.info', async (input) => ({ ok: true, value: { echoed: input } }));
}

afterEach(async () => {
  await host.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface ConnectOptions {
  origin?: string;
  token?: string;
  path?: string;
  host?: string;
  subprotocol?: string;
}

function connect(options: ConnectOptions = {}): Promise<WebSocket> {
  const protocols = [options.subprotocol ?? wsSubprotocol, `${wsTokenPrefix}${options.token ?? token}`];
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${options.path ?? '/ipc'}`, protocols, {
    origin: options.origin ?? origin,
    headers: options.host ? { host: options.host } : {},
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
}

describe('the browser host WebSocket transport', () => {
  it('answers calls from the app origin carrying the token', async () => {
    await start();
    const ws = await connect();
    expect(ws.protocol).toBe(wsSubprotocol);
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'app.info', input: { a: 1 } }));
    await expect(nextFrame(ws)).resolves.toEqual({
      type: 'reply',
      id: 7,
      reply: { ok: true, value: { echoed: { a: 1 } } },
    });
    ws.close();
  });

  it.each([
    ['a wrong token', { token: 'b'.repeat(64) }],
    ['a short token', { token: 'a' }],
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['another local port', { origin: 'http://127.0.0.1:1' }],
    ['another path', { path: '/other' }],
    ['a rebound host name', { host: 'evil.example:80' }],
    ['no IPC subprotocol', { subprotocol: 'chat' }],
  ])('refuses an upgrade with %s', async (_name, options) => {
    await start();
    await expect(connect(options)).rejects.toThrow('HTTP 403');
  });

  it('broadcasts events to connected pages', async () => {
    await start();
    const ws = await connect();
    const frame = nextFrame(ws);
    host.emit('servers.probeStep', { step: 'done' });
    await expect(frame).resolves.toEqual({ type: 'event', event: 'servers.probeStep', payload: { step: 'done' } });
    ws.close();
  });

  it('answers UNKNOWN_METHOD for methods it does not serve', async () => {
    await start();
    const ws = await connect();
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'nope', input: {} }));
    await expect(nextFrame(ws)).resolves.toMatchObject({ reply: { ok: false, error: { code: 'UNKNOWN_METHOD' } } });
    ws.close();
  });

  it('drops a page that sends an oversized frame and keeps serving others', async () => {
    await start();
    const greedy = await connect();
    const closed = new Promise<number>((resolve) => greedy.once('close', (code) => resolve(code)));
    greedy.send('x'.repeat(2 * 1024 * 1024));
    await closed;
    const polite = await connect();
    polite.send(JSON.stringify({ type: 'call', id: 2, method: 'app.info', input: {} }));
    await expect(nextFrame(polite)).resolves.toMatchObject({ id: 2, reply: { ok: true } });
    polite.close();
  });

  it('closes the socket on a malformed frame', async () => {
    await start();
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    await expect(closed).resolves.toBe(1008);
  });
});
