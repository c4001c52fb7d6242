import { htmlToText } from 'html-to-text';
import { Parser } from 'htmlparser2';

// The original's HTML as a reply or forward quotes it. The rich quote keeps the structure a
// person reads (paragraphs, lists, tables, links, emphasis) and nothing else: no style, no image,
// no form, no attribute besides a checked href and a cell's span. It is rebuilt from a parse
// rather than filtered, so only what is listed here can come out, every text escaped; the
// composer sanitizes it once more (DOMPurify) before showing it. The plain quote is the same HTML
// as text, table cells apart.

const keptTags = new Set([
  'p', 'div', 'br', 'span', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'code', 'hr',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
]); // prettier-ignore
const voidTags = new Set(['br', 'hr']);
/** Elements whose content is not text a person reads (or could act): left out with everything in them. */
const droppedWithContent = new Set([
  'head', 'title', 'style', 'script', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object',
  'embed', 'applet', 'svg', 'math', 'textarea', 'select', 'button', 'xmp', 'noembed', 'noframes', 'plaintext',
]); // prettier-ignore

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => escapes[char]!);

/** http and https links to a host, mailto without fields (a field could ask to attach files). */
function quotedHref(raw: string | undefined): string | null {
  const value = raw?.trim() ?? '';
  if (value === '' || /[\s<>"]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') return url.search === '' ? url.href : null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.hostname !== '' && url.username === '' && url.password === '' ? url.href : null;
}

function keptAttributes(tag: string, attributes: Record<string, string>): string {
  if (tag === 'a') {
    const href = quotedHref(attributes.href);
    return href === null ? '' : ` href="${escapeHtml(href)}"`;
  }
  if (tag === 'td' || tag === 'th') {
    return ['colspan', 'rowspan']
      .filter((name) => /^[1-9]\d{0,2}$/.test(attributes[name]?.trim() ?? ''))
      .map((name) => ` ${name}="${attributes[name]!.trim()}"`)
      .join('');
  }
  return '';
}

/** The original's HTML reduced to the elements and attributes listed above. */
export function quotedHtml(html: string): string {
  const out: string[] = [];
  let dropping = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        // The parser closes every element it opens (void ones at once), so the count comes back to 0.
        if (dropping > 0 || droppedWithContent.has(name)) {
          dropping++;
          return;
        }
        if (keptTags.has(name)) out.push(`<${name}${keptAttributes(name, attributes)}>`);
      },
      ontext(text) {
        if (dropping === 0) out.push(escapeHtml(text));
      },
      onclosetag(name) {
        if (dropping > 0) {
          dropping--;
          return;
        }
        if (keptTags.has(name) && !voidTags.has(name)) out.push(`</${name}>`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out.join('').trim();
}

// Only the first 2 MB are read, as when the message was stored (parse-body.ts).
const TEXT_LIMITS = { maxDepth: 200, maxInputLength: 2_000_000 };

/** The HTML as text: blocks on lines of their own, a table's cells in columns, no images. */
export function quotedHtmlText(html: string): string {
  try {
    return htmlToText(html.slice(0, TEXT_LIMITS.maxInputLength), {
      wordwrap: false,
      limits: TEXT_LIMITS,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'h1', options: { uppercase: false } },
        { selector: 'h2', options: { uppercase: false } },
        { selector: 'h3', options: { uppercase: false } },
        { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 72 } },
      ],
    }).trim();
  } catch {
    return '';
  }
}
