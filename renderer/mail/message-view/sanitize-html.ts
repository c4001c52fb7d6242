// Turns a sender's HTML into markup that can neither run, fetch nor navigate: DOMPurify with
// an explicit allowlist, our own URL rules, and our own CSS policing. The result is shown only
// inside the sandboxed frame, whose CSP is a second, independent layer.
import createDOMPurify, { type UponSanitizeAttributeHookEvent, type WindowLike } from 'dompurify';
import { sanitizeStyleAttribute, sanitizeStyleSheet } from './sanitize-css';
import { contentIdOf, isRasterDataUrl, normalizeContentId, remoteImageUrl, safeLinkHref } from './safe-urls';

const allowedTags = [
  'a', 'abbr', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br',
  'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div',
  'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q',
  's', 'samp', 'section', 'small', 'span', 'strike', 'strong', 'style', 'sub', 'summary', 'sup',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
]; // prettier-ignore

const allowedAttributes = [
  'abbr', 'align', 'alt', 'bgcolor', 'border', 'cellpadding', 'cellspacing', 'class', 'color',
  'colspan', 'datetime', 'dir', 'face', 'headers', 'height', 'href', 'hspace', 'id', 'lang',
  'name', 'nowrap', 'open', 'reversed', 'rowspan', 'scope', 'size', 'span', 'src', 'start',
  'style', 'summary', 'title', 'type', 'valign', 'vspace', 'width',
]; // prettier-ignore

/** Marks an image whose remote source was withheld; the URL itself never stays in the markup. */
export const blockedImageAttribute = 'data-remote-blocked';

export interface SanitizeOptions {
  /** Content-ID -> data: URL of the message's own image parts. */
  inlineImages: Record<string, string>;
  /** Remote image URL -> data: URL the main side fetched after the user allowed it. */
  loadedImages?: Record<string, string>;
}

export interface SanitizedMessage {
  html: string;
  /** Distinct http(s) image URLs that were blocked, in document order. */
  remoteImages: string[];
}

export type MessageSanitizer = (html: string, options: SanitizeOptions) => SanitizedMessage;

interface Pass {
  inlineImages: Map<string, string>;
  loadedImages: Record<string, string>;
  remoteImages: Set<string>;
  blocked: WeakSet<Element>;
}

function imageSource(raw: string, pass: Pass, image: Element): string | null {
  const contentId = contentIdOf(raw);
  if (contentId !== null) return pass.inlineImages.get(contentId) ?? null;
  if (isRasterDataUrl(raw.trim())) return raw.trim();
  const remote = remoteImageUrl(raw);
  if (remote === null) return null;
  const loaded = pass.loadedImages[remote];
  if (loaded !== undefined && isRasterDataUrl(loaded)) return loaded;
  pass.remoteImages.add(remote);
  pass.blocked.add(image);
  return null;
}

function rewriteAttribute(node: Element, event: UponSanitizeAttributeHookEvent, pass: Pass): void {
  const tag = node.nodeName.toLowerCase();
  const name = event.attrName;
  let value: string | null = event.attrValue;
  if (name === 'style') value = sanitizeStyleAttribute(value);
  else if (name === 'href') value = tag === 'a' ? safeLinkHref(value) : null;
  else if (name === 'src') value = tag === 'img' ? imageSource(value, pass, node) : null;
  if (value === null || value === '') {
    event.keepAttr = false;
    return;
  }
  event.attrValue = value;
}

/** Creates a sanitizer bound to one window (the renderer's, or jsdom's in tests). */
export function createMessageSanitizer(window: WindowLike): MessageSanitizer {
  const purify = createDOMPurify(window);
  let pass: Pass | null = null;

  purify.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName === 'style' && event.allowedTags.style) {
      node.textContent = sanitizeStyleSheet(node.textContent ?? '');
    }
  });
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    if (pass !== null) rewriteAttribute(node, event, pass);
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (pass === null) return;
    if (pass.blocked.has(node)) node.setAttribute(blockedImageAttribute, '');
    const href = node.nodeName.toLowerCase() === 'a' ? node.getAttribute('href') : null;
    // The hover text shows where a link really goes, whatever its visible text claims.
    if (href !== null && !href.startsWith('#')) node.setAttribute('title', href);
  });

  return (html, options) => {
    const inlineImages = new Map<string, string>();
    for (const [contentId, dataUrl] of Object.entries(options.inlineImages)) {
      if (isRasterDataUrl(dataUrl)) inlineImages.set(normalizeContentId(contentId), dataUrl);
    }
    pass = {
      inlineImages,
      loadedImages: options.loadedImages ?? {},
      remoteImages: new Set(),
      blocked: new WeakSet(),
    };
    try {
      const clean = purify.sanitize(html, {
        ALLOWED_TAGS: allowedTags,
        ALLOWED_ATTR: allowedAttributes,
        ALLOW_DATA_ATTR: false,
        ALLOW_UNKNOWN_PROTOCOLS: false,
        ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|data:image\/)/i,
        ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
        FORCE_BODY: true,
        KEEP_CONTENT: true,
        SANITIZE_DOM: true,
      });
      return { html: clean, remoteImages: [...pass.remoteImages] };
    } finally {
      pass = null;
    }
  };
}
