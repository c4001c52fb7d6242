import type { Signature } from './identity-models';

// A signature as it stands in a message body: after the "-- " line mail programs recognise
// (RFC 3676), as text and as the composer's HTML. The composer finds it again by this exact form
// when the From changes.

export const signatureDelimiter = '-- ';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => escapes[char]!);

/** Plain text as the composer's HTML: one div per line, as the editor writes lines. */
export function plainTextHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');
}

export const hasSignature = (signature: Signature) =>
  signature.text.trim() !== '' || (signature.format === 'rich' && signature.html.trim() !== '');

/** The signature's lines in a plain-text body, or '' when there is none. */
export function signatureText(signature: Signature): string {
  return hasSignature(signature) ? `${signatureDelimiter}\n${signature.text.replace(/\r\n/g, '\n').trimEnd()}` : '';
}

/** The signature in an HTML body, or '' when there is none. */
export function signatureHtml(signature: Signature): string {
  if (!hasSignature(signature)) return '';
  const body = signature.format === 'rich' ? signature.html : plainTextHtml(signature.text.trimEnd());
  return `<div>${signatureDelimiter}</div>${body}`;
}

export type QuotePosition = 'top' | 'bottom';

export interface BodyParts {
  /** The quoted original (reply) or forwarded message, without space around it; null for a new message. */
  quote: { text: string; html: string } | null;
  signature: Signature;
  position: QuotePosition;
  /** False: a plain-text body (html null). */
  rich: boolean;
}

/**
 * A new body: room to write, the signature, the quote. With the quote at the top (bottom-posting)
 * the room and the signature follow it instead. A new message is room and signature.
 */
export function composeBody({ quote, signature, position, rich }: BodyParts): { html: string | null; text: string } {
  const sigText = signatureText(signature);
  const sigHtml = signatureHtml(signature);
  const room = { text: '\n\n', html: '<div><br></div>' };
  const parts =
    quote === null
      ? [room, { text: sigText, html: sigHtml }]
      : position === 'top'
        ? [room, { text: sigText ? `${sigText}\n\n` : '', html: sigHtml ? `${sigHtml}<div><br></div>` : '' }, quote]
        : [quote, room, { text: sigText, html: sigHtml }];
  return {
    text: parts.map((part) => part.text).join(''),
    html: rich ? parts.map((part) => part.html).join('') : null,
  };
}

/**
 * The body with one signature put in place of another: where `before` stands (as inserted, not
 * edited since), `after` takes its place. Null when `before` is not found, so nothing the person
 * wrote is ever overwritten.
 */
export function swapSignature(
  body: { html: string | null; text: string },
  before: Signature,
  after: Signature,
  sanitize: (html: string) => string = (html) => html,
): { html: string | null; text: string } | null {
  if (body.html !== null) {
    const old = sanitize(signatureHtml(before));
    if (old === '' || !body.html.includes(old)) return null;
    return { html: body.html.replace(old, () => sanitize(signatureHtml(after))), text: body.text };
  }
  const old = signatureText(before);
  if (old === '' || !body.text.includes(old)) return null;
  const next = signatureText(after);
  // Without a new signature, the blank line that led to the old one goes with it.
  const replaced =
    next === '' ? body.text.replace(`\n\n${old}`, '').replace(old, '') : body.text.replace(old, () => next);
  return { html: null, text: replaced };
}
