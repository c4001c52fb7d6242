// GET a small text document over HTTPS only: certificate checks are the fetch's (the trusted fetch),
// redirects are followed by hand and only to https: URLs, and both the time and the size are bounded.

export type DiscoveryFetch = (
  url: string,
  init: {
    method: 'GET';
    body: undefined;
    headers: Record<string, string>;
    redirect: 'manual';
    signal: AbortSignal;
  },
) => Promise<Response>;

export interface HttpsTextOptions {
  fetch: DiscoveryFetch;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
}

function httpsUrl(raw: string, base?: string): URL | null {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url : null;
  } catch {
    return null;
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

/** The body of a 200 answer, or null: not https, a redirect elsewhere than https, too big, too slow, or any failure. */
export async function fetchHttpsText(target: string, options: HttpsTextOptions): Promise<string | null> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = httpsUrl(target);
  try {
    for (let hop = 0; url && hop <= (options.maxRedirects ?? 3); hop += 1) {
      const response = await options.fetch(url.href, {
        method: 'GET',
        body: undefined,
        headers: options.headers ?? {},
        redirect: 'manual',
        signal,
      });
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => undefined);
        url = httpsUrl(response.headers.get('location') ?? '', url.href);
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        return null;
      }
      return await readBounded(response, options.maxBytes);
    }
    return null;
  } catch {
    return null;
  }
}
