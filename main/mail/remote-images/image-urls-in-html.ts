// Which remote images a message's HTML names, so that the main side fetches those and nothing
// else the renderer asks for. URLs are normalized as the renderer's sanitizer normalizes them
// (the WHATWG URL's href), after the few character references an attribute value may hold.

const srcAttribute = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;
const namedReferences: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeReferences(value: string): string {
  return value.replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos));?/gi, (whole, dec, hex, name) => {
    if (name) return namedReferences[(name as string).toLowerCase()] ?? whole;
    const code = dec ? Number.parseInt(dec as string, 10) : Number.parseInt(hex as string, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

export function remoteImageUrlsIn(html: string): Set<string> {
  const urls = new Set<string>();
  for (const match of html.matchAll(srcAttribute)) {
    const raw = decodeReferences(match[1] ?? match[2] ?? match[3] ?? '').trim();
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') urls.add(url.href);
    } catch {
      // Not an absolute URL: nothing the renderer could ask to fetch.
    }
  }
  return urls;
}
