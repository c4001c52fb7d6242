// URL rules for mail content. Parsed with the WHATWG URL parser (the browser's own), never
// matched with prefixes, so `java\tscript:`, `smb:`, `file:` and relative paths get nowhere.

const linkSchemes = new Set(['http:', 'https:', 'mailto:']);
const attachFields = new Set(['attach', 'attachment', 'attachments']);

// An attribute value with a line break, a tag or a quote inside is not a URL someone wrote: it
// is what joined multipart bodies (EFAIL) or broken markup produce. Refuse it whole.
const joinedMarkup = /[\s<>"]/;

function parseAbsolute(raw: string): URL | null {
  const value = raw.trim();
  if (value === '' || joinedMarkup.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** A mailto: link without fields that would make the mail program attach local files. */
function withoutAttachFields(url: URL): string {
  const [target, query] = url.href.split(/\?(.*)/s, 2);
  if (query === undefined) return url.href;
  const kept = query.split('&').filter((field) => {
    const name = field.split('=', 1)[0] ?? '';
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      return false;
    }
    return !attachFields.has(decoded.trim().toLowerCase());
  });
  return kept.length > 0 ? `${target}?${kept.join('&')}` : (target ?? url.href);
}

function linkHref(url: URL | null): string | null {
  if (url === null || !linkSchemes.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return withoutAttachFields(url);
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** The href a link in mail HTML may keep: http, https, mailto (attach fields removed) or `#anchor`. */
export function safeLinkHref(raw: string): string | null {
  const value = raw.trim();
  if (/^#[^\s<>"]*$/.test(value)) return value;
  return linkHref(parseAbsolute(value));
}

/** The href for an address found in plain text; the parser percent-encodes quotes and the like. */
export function textLinkHref(raw: string): string | null {
  try {
    return linkHref(new URL(raw));
  } catch {
    return null;
  }
}

/** An http(s) image address that may be fetched by the main side once the user allows it. */
export function remoteImageUrl(raw: string): string | null {
  const url = parseAbsolute(raw);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}

/** A data: URL of a raster image; SVG is left out, it is a document, not a picture. */
export function isRasterDataUrl(value: string): boolean {
  return /^data:image\/(?:png|jpeg|gif|webp|avif|bmp);base64,[a-z0-9+/]+={0,2}$/i.test(value);
}

/** The Content-ID a `cid:` URL names (RFC 2392: percent-encoded, without angle brackets). */
export function contentIdOf(raw: string): string | null {
  const match = /^cid:(.+)$/is.exec(raw.trim());
  if (!match?.[1]) return null;
  try {
    return normalizeContentId(decodeURIComponent(match[1]));
  } catch {
    return null;
  }
}

export function normalizeContentId(contentId: string): string {
  return contentId.trim().replace(/^<(.*)>$/s, '$1');
}
