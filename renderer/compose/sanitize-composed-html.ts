// What the composer keeps of HTML: the elements its toolbar makes and those a quoted original's
// layout needs (headings, preformatted text, tables), links to http, https and mailto only, no
// attributes besides href and a table cell's spans; never an image, so nothing loads. Used on the
// quoted original before the editor shows it and on the editor's content before it is saved.
import createDOMPurify, { type WindowLike } from 'dompurify';
import { textLinkHref } from '../mail/message-view/safe-urls';

const allowedTags = [
  'p', 'div', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'span',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'code', 'hr',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
]; // prettier-ignore
const spans = new Set(['colspan', 'rowspan']);

export type ComposedHtmlSanitizer = (html: string) => string;

/** An http, https or mailto address as a link may carry it; null for anything else. */
export function composerLinkHref(raw: string): string | null {
  const value = raw.trim();
  if (value === '' || /[\s<>"]/.test(value)) return null;
  return textLinkHref(value);
}

export function createComposedHtmlSanitizer(window: WindowLike): ComposedHtmlSanitizer {
  const purify = createDOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (node, event) => {
    if (spans.has(event.attrName)) {
      event.keepAttr = ['TD', 'TH'].includes(node.nodeName) && /^[1-9]\d{0,2}$/.test(event.attrValue.trim());
      return;
    }
    if (event.attrName !== 'href') return;
    const href = node.nodeName.toLowerCase() === 'a' ? composerLinkHref(event.attrValue) : null;
    if (href === null) event.keepAttr = false;
    else event.attrValue = href;
  });
  return (html) =>
    purify.sanitize(html, {
      ALLOWED_TAGS: allowedTags,
      ALLOWED_ATTR: ['href', ...spans],
      // Else a span's number would be held to ALLOWED_URI_REGEXP like an address.
      ADD_URI_SAFE_ATTR: [...spans],
      ALLOW_DATA_ATTR: false,
      ALLOW_UNKNOWN_PROTOCOLS: false,
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
      FORCE_BODY: true,
      KEEP_CONTENT: true,
    });
}

let shared: ComposedHtmlSanitizer | null = null;

/** The sanitizer bound to this window, made on first use. */
export function sanitizeComposedHtml(html: string): string {
  shared ??= createComposedHtmlSanitizer(window);
  return shared(html);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as editor HTML: one paragraph per line, every character as text. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');
}
