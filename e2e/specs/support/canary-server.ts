import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP server that every remote address of the hostile corpus points at. It writes
// down each request it gets and answers with a 1x1 PNG, so a fetch that was allowed succeeds
// and one that should never have happened shows up here.

export interface CanaryRequest {
  method: string;
  path: string;
  userAgent: string;
}

export interface CanaryServer {
  /** e.g. http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  requests(): CanaryRequest[];
  close(): Promise<void>;
}

const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function startCanaryServer(): Promise<CanaryServer> {
  const seen: CanaryRequest[] = [];
  const server = http.createServer((request, response) => {
    seen.push({
      method: request.method ?? '',
      path: request.url ?? '',
      userAgent: request.headers['user-agent'] ?? '',
    });
    request.resume();
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': onePixelPng.length });
    response.end(onePixelPng);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
