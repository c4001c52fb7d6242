// Remote images of a message, fetched by the main side once the user allowed them, and handed
// to the renderer as data: URLs (the message frame itself may fetch nothing). Only raster
// images over http(s), without cookies or credentials, with hard limits on time and size.
import { Agent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { isPublicAddress, publicOnlyLookup } from './public-address';
import { sniffRasterImage } from './sniff-raster-image';

export interface RemoteImageLimits {
  maxImages: number;
  maxBytesPerImage: number;
  maxTotalBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  concurrency: number;
}

export const defaultLimits: RemoteImageLimits = {
  maxImages: 100,
  maxBytesPerImage: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
  concurrency: 4,
};

export interface RemoteImageFetcherOptions {
  limits?: Partial<RemoteImageLimits>;
  /** Only for tests against a local server: also reach loopback and private addresses. */
  allowPrivateNetwork?: boolean;
}

const acceptedTypes = new Set([
  'image/png',
  'image/jpeg',
  'image/jpg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

class ImageRefused extends Error {}

function fetchableUrl(raw: string, allowPrivateNetwork: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ImageRefused('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ImageRefused('not http(s)');
  if (url.username !== '' || url.password !== '') throw new ImageRefused('credentials in the URL');
  // IP literals never go through the resolver, so they are checked here.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!allowPrivateNetwork && host !== '' && (/^[\d.]+$/.test(host) || host.includes(':')) && !isPublicAddress(host)) {
    throw new ImageRefused('not a public address');
  }
  return url;
}

/** Reads a body within the per-image limit, charging every byte to the message's budget. */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number, budget: Budget): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    budget.left -= part.value.byteLength;
    if (size > limit || budget.left < 0) {
      await reader.cancel();
      throw new ImageRefused('too large');
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks);
}

interface Budget {
  left: number;
}

export type RemoteImageFetcher = (urls: readonly string[]) => Promise<Record<string, string>>;

/** Fetches what it can; an image that fails any rule is simply left out of the result. */
export function createRemoteImageFetcher(options: RemoteImageFetcherOptions = {}): RemoteImageFetcher {
  const limits = { ...defaultLimits, ...options.limits };
  const allowPrivateNetwork = options.allowPrivateNetwork ?? false;
  const dispatcher: Dispatcher = new Agent({
    connect: allowPrivateNetwork
      ? { rejectUnauthorized: true }
      : { rejectUnauthorized: true, lookup: publicOnlyLookup },
  });

  async function fetchOne(raw: string, budget: Budget): Promise<string> {
    const signal = AbortSignal.timeout(limits.timeoutMs);
    let url = fetchableUrl(raw, allowPrivateNetwork);
    for (let redirects = 0; ; redirects += 1) {
      const response = await undiciFetch(url, {
        dispatcher,
        signal,
        redirect: 'manual',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        headers: { accept: 'image/png,image/jpeg,image/gif,image/webp,image/avif,image/bmp' },
      });
      const location = response.headers.get('location');
      if (redirectStatuses.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (redirects >= limits.maxRedirects) throw new ImageRefused('too many redirects');
        url = fetchableUrl(new URL(location, url).href, allowPrivateNetwork);
        continue;
      }
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        throw new ImageRefused(`status ${response.status}`);
      }
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const declared = Number(response.headers.get('content-length') ?? '0');
      const limit = Math.min(limits.maxBytesPerImage, budget.left);
      if (!acceptedTypes.has(type) || declared > limit) {
        await response.body.cancel();
        throw new ImageRefused('not an accepted image');
      }
      const bytes = await readLimited(response.body as ReadableStream<Uint8Array>, limit, budget);
      // The bytes decide the type, not the header: an SVG or HTML labelled image/png stays out.
      const sniffed = sniffRasterImage(bytes);
      if (sniffed === null) throw new ImageRefused('not a raster image');
      return `data:${sniffed};base64,${bytes.toString('base64')}`;
    }
  }

  return async (urls) => {
    const queue = [...new Set(urls)].slice(0, limits.maxImages);
    const images: Record<string, string> = {};
    const budget: Budget = { left: limits.maxTotalBytes };
    const worker = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        if (budget.left <= 0) return;
        try {
          images[url] = await fetchOne(url, budget);
        } catch {
          // Refused, unreachable, too slow or too big: the placeholder stays.
        }
      }
    };
    await Promise.all(Array.from({ length: limits.concurrency }, worker));
    return images;
  };
}
