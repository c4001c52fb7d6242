import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { addAttachmentInput } from '../../shared/compose-models';
import { maxFrameBytes, wsSubprotocol, wsTokenPrefix } from '../../shared/ipc/ws-protocol';
import { createWsClientTransport } from '../../renderer/ipc/ws-client-transport';
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
  host.handle('compose.addAttachment', async (input) => {
    const parsed = addAttachmentInput.safeParse(input);
    return parsed.success
      ? { ok: true, value: { base64Chars: parsed.data.dataBase64.length } }
      : { ok: false, error: { code: 'INVALID_INPUT', message: parsed.error.message } };
  });
}

afterEach(async () => {
  vi.unstubAllGlobals();
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

/** A well-formed app.info call of exactly `bytes` bytes. */
function paddedCall(bytes: number): string {
  const bare = JSON.stringify({ type: 'call', id: 3, method: 'app.info', input: { pad: '' } });
  return JSON.stringify({ type: 'call', id: 3, method: 'app.info', input: { pad: 'x'.repeat(bytes - bare.length) } });
}

/** compose.addAttachment with every field at the contract's limit, in its longest JSON. */
function largestAttachmentCall(): string {
  const { filename, contentType, dataBase64 } = addAttachmentInput.shape;
  return JSON.stringify({
    type: 'call',
    id: Number.MAX_SAFE_INTEGER,
    method: 'compose.addAttachment',
    input: {
      draftId: Number.MAX_SAFE_INTEGER,
      filename: '\u0000'.repeat(filename.maxLength!),
      contentType: '\u0000'.repeat(contentType.maxLength!),
      dataBase64: 'A'.repeat(dataBase64.maxLength!),
    },
  });
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

  it('carries the largest attachment the contract allows, a frame of exactly the limit', async () => {
    await start();
    const ws = await connect();
    const frame = largestAttachmentCall();
    expect(Buffer.byteLength(frame)).toBe(maxFrameBytes);
    ws.send(frame);
    await expect(nextFrame(ws)).resolves.toMatchObject({
      reply: { ok: true, value: { base64Chars: addAttachmentInput.shape.dataBase64.maxLength } },
    });
    ws.close();
  });

  it('accepts a frame one byte under the limit', async () => {
    await start();
    const ws = await connect();
    ws.send(paddedCall(maxFrameBytes - 1));
    await expect(nextFrame(ws)).resolves.toMatchObject({ id: 3, reply: { ok: true } });
    ws.close();
  });

  it('drops a page that sends a frame one byte over the limit and keeps serving others', async () => {
    await start();
    const greedy = await connect();
    const closed = new Promise<number>((resolve) => greedy.once('close', (code) => resolve(code)));
    greedy.send(paddedCall(maxFrameBytes + 1));
    await expect(closed).resolves.toBe(1009);
    const polite = await connect();
    polite.send(JSON.stringify({ type: 'call', id: 2, method: 'app.info', input: {} }));
    await expect(nextFrame(polite)).resolves.toMatchObject({ id: 2, reply: { ok: true } });
    polite.close();
  });

  it("fails the page's own call that would be over the limit and keeps its connection", async () => {
    await start();
    // The renderer's transport, with the Origin header a browser adds.
    vi.stubGlobal(
      'WebSocket',
      class extends WebSocket {
        constructor(url: string, protocols: string[]) {
          super(url, protocols, { origin });
        }
      },
    );
    const transport = createWsClientTransport(`${origin.replace('http', 'ws')}/ipc`, token);
    const tooLarge = { draftId: 1, filename: 'big.bin', contentType: 'x', dataBase64: 'A'.repeat(maxFrameBytes) };
    await expect(transport.invoke('compose.addAttachment', tooLarge)).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    await expect(transport.invoke('app.info', {})).resolves.toMatchObject({ ok: true });
  });

  it('closes the socket on a malformed frame', async () => {
    await start();
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    await expect(closed).resolves.toBe(1008);
  });
});
