// Minimal HTTPS for stack tests: one request per connection, trusting only the given CA, and a
// cookie jar good enough for one sign-in against one host.
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

export interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HttpsRequestOptions {
  caPem: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export function httpsRequest(url: URL, opts: HttpsRequestOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        headers:
          opts.body === undefined
            ? opts.headers
            : { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
        ca: opts.caPem,
        // No keep-alive: nothing outlives the request, so servers close promptly.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Keeps cookies by name (last one wins) and drops those the server expires. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', value = ''] = attribute.trim().split('=');
        const lower = key.toLowerCase();
        return (lower === 'max-age' && Number(value) <= 0) || (lower === 'expires' && Date.parse(value) <= Date.now());
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(separator + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
