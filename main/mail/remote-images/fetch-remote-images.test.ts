import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemoteImageFetcher } from './fetch-remote-images';
import { isPublicAddress } from './public-address';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const gif = Buffer.from(
  'GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;',
  'latin1',
);

let server: http.Server;
let base: string;
let requests: { path: string; headers: IncomingHttpHeaders }[] = [];

function routes(path: string, response: http.ServerResponse): void {
  const send = (type: string, body: Buffer | string) =>
    void response.writeHead(200, { 'content-type': type }).end(body);
  const redirect = (location: string) => void response.writeHead(302, { location }).end();
  switch (path) {
    case '/pixel.png':
      return send('image/png', png);
    case '/pixel.gif':
      return send('image/gif; charset=binary', gif);
    case '/drawing.svg':
      return send('image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    case '/page-as-png':
      return send('image/png', '<html><script>alert(1)</script></html>');
    case '/png-as-html':
      return send('text/html', png);
    case '/big.png':
      return send('image/png', Buffer.concat([png, Buffer.alloc(4096)]));
    case '/big-chunked.png':
      response.writeHead(200, { 'content-type': 'image/png' });
      response.write(png);
      response.end(Buffer.alloc(4096));
      return;
    case '/redirect':
      return redirect('/pixel.png');
    case '/redirect-chain':
      return redirect('/redirect-chain-2');
    case '/redirect-chain-2':
      return redirect('/redirect-chain-3');
    case '/redirect-chain-3':
      return redirect('/redirect-chain-4');
    case '/redirect-chain-4':
      return redirect('/pixel.png');
    case '/redirect-file':
      return redirect('file:///etc/passwd');
    case '/redirect-ftp':
      return redirect('ftp://127.0.0.1/pixel.png');
    case '/slow.png':
      return void setTimeout(() => send('image/png', png), 2_000);
    case '/missing.png':
      return void response.writeHead(404).end();
    default:
      return void response.writeHead(500).end();
  }
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, headers: request.headers });
    routes(new URL(path, 'http://x').pathname, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
});

const local = (limits = {}) => createRemoteImageFetcher({ allowPrivateNetwork: true, limits });

describe('fetching remote images for a message', () => {
  it('returns raster images as data: URLs typed by their bytes', async () => {
    const images = await local()([`${base}/pixel.png`, `${base}/pixel.gif`]);
    expect(images[`${base}/pixel.png`]).toBe(`data:image/png;base64,${png.toString('base64')}`);
    expect(images[`${base}/pixel.gif`]).toMatch(/^data:image\/gif;base64,R0lGODlh/);
  });

  it('sends no cookie, credentials or referrer', async () => {
    await local()([`${base}/pixel.png`]);
    expect(requests).toHaveLength(1);
    const headers = requests[0]?.headers ?? {};
    expect(headers).not.toHaveProperty('cookie');
    expect(headers).not.toHaveProperty('authorization');
    expect(headers).not.toHaveProperty('referer');
  });

  it('leaves out SVG, and anything whose bytes or type are not a raster image', async () => {
    const urls = ['/drawing.svg', '/page-as-png', '/png-as-html', '/missing.png'].map((path) => base + path);
    expect(await local()(urls)).toEqual({});
  });

  it('leaves out images above the size limit, declared or streamed', async () => {
    const urls = [`${base}/big.png`, `${base}/big-chunked.png`, `${base}/pixel.png`];
    const images = await local({ maxBytesPerImage: 1024 })(urls);
    expect(Object.keys(images)).toEqual([`${base}/pixel.png`]);
  });

  it('stops once the total budget for the message is spent', async () => {
    const urls = [`${base}/pixel.png`, `${base}/pixel.gif`];
    const images = await local({ maxTotalBytes: png.length + 1, concurrency: 1 })(urls);
    expect(Object.keys(images)).toEqual([`${base}/pixel.png`]);
  });

  it('follows a few http redirects, never more, and never to another scheme', async () => {
    const images = await local({ maxRedirects: 2 })([
      `${base}/redirect`,
      `${base}/redirect-chain`,
      `${base}/redirect-file`,
      `${base}/redirect-ftp`,
    ]);
    expect(Object.keys(images)).toEqual([`${base}/redirect`]);
    expect(requests.map((request) => request.path)).not.toContain('/redirect-chain-4');
  });

  it('gives up on a slow server', async () => {
    const started = Date.now();
    expect(await local({ timeoutMs: 300 })([`${base}/slow.png`])).toEqual({});
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses URLs with other schemes or embedded credentials without any request', async () => {
    const port = new URL(base).port;
    const images = await local()([
      `http://user:secret@127.0.0.1:${port}/pixel.png`,
      `ftp://127.0.0.1:${port}/pixel.png`,
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]);
    expect(images).toEqual({});
    expect(requests).toEqual([]);
  });

  it('never reaches this machine or the local network by default', async () => {
    const port = new URL(base).port;
    const images = await createRemoteImageFetcher()([
      `${base}/pixel.png`,
      `http://localhost:${port}/pixel.gif`,
      `http://[::ffff:127.0.0.1]:${port}/pixel.png`,
    ]);
    expect(images).toEqual({});
    expect(requests).toEqual([]);
  });

  it('fetches at most the image limit', async () => {
    const urls = Array.from({ length: 5 }, (_, index) => `${base}/pixel.png?n=${index}`);
    expect(Object.keys(await local({ maxImages: 2 })(urls))).toHaveLength(2);
    expect(requests).toHaveLength(2);
  });
});

describe('public addresses', () => {
  it('tells the public internet from loopback, private and link-local ranges', () => {
    for (const address of ['93.184.215.14', '2606:4700::1111', '8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:192.168.1.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});
