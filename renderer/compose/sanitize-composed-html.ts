// What the composer keeps of HTML: the few elements its toolbar makes, links to http, https and
// mailto only, no attributes besides href. Used on the quoted original before the editor shows
// it and on the editor's content before it is saved.
import createDOMPurify, { type WindowLike } from 'dompurify';
import { textLinkHref } from '../mail/message-view/safe-urls';

const allowedTags = ['p', 'div', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'span'];

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
    if (event.attrName !== 'href') return;
    const href = node.nodeName.toLowerCase() === 'a' ? composerLinkHref(event.attrValue) : null;
    if (href === null) event.keepAttr = false;
    else event.attrValue = href;
  });
  return (html) =>
    purify.sanitize(html, {
      ALLOWED_TAGS: allowedTags,
      ALLOWED_ATTR: ['href'],
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
