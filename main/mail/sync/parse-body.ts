import { htmlToText } from 'html-to-text';
import { simpleParser, type AddressObject, type Attachment, type EmailAddress, type ParsedMail } from 'mailparser';
import type { Address, MessageProtection } from '../../../shared/mail-models';
import type { AttachmentRecord, BodyRecord, OwnHeaders } from '../store/mail-store-types';
import { messageIds } from './header-record';
import { rawSubjectText } from './raw-subject';
import { attachedMessageName, shownBody, type ShownBody } from './shown-body';

const SNIPPET_LENGTH = 200;
// mailparser converts HTML to text only for a message that is HTML alone at its root, so a
// multipart message whose only text is HTML would have no text: no snippet, nothing to search.
// Only the first 2 MB of an HTML part are read for its text, by mailparser as here: a longer one
// took a parse worker to half a gigabyte.
const HTML_TEXT_LIMITS = { maxDepth: 200, maxInputLength: 2_000_000 };

function textOfHtml(html: string): string | null {
  try {
    // Cut here rather than by html-to-text's limit, which warns on the console for every long part.
    const text = htmlToText(html.slice(0, HTML_TEXT_LIMITS.maxInputLength), {
      wordwrap: false,
      limits: HTML_TEXT_LIMITS,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
      ],
    }).trim();
    return text || null;
  } catch {
    // HTML that cannot be converted still shows as HTML; only its text stays unsearched.
    return null;
  }
}

// A letter or digit in text that shows: after a tag (or at the start), in a run of text that does
// not close a style, script or title element, past spaces, punctuation and character references.
// It stops at the first one, so it costs little on the HTML of most mail.
const SHOWN_LETTER = /(?:^|>)(?![^<]*<\/(?:style|script|title)\s*>)(?:[^<&\p{L}\p{N}]|&[a-z0-9#]+;)*[\p{L}\p{N}]/iu;

/** First words of the text, whitespace collapsed, for the message list; reads no further than it needs. */
export function snippetOf(text: string | null): string {
  let snippet = '';
  for (const [word] of (text ?? '').matchAll(/\S+/g)) {
    snippet = snippet ? `${snippet} ${word}` : word;
    if (snippet.length >= SNIPPET_LENGTH) break;
  }
  return snippet.slice(0, SNIPPET_LENGTH);
}

const withoutControls = (value: string): string =>
  value
    .replace(/[\t\r\n]+/gu, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();

function addressList(field: AddressObject | AddressObject[] | undefined): Address[] | null {
  if (field === undefined) return null;
  const flat = (entries: EmailAddress[]): EmailAddress[] =>
    entries.flatMap((entry) => (entry.group ? flat(entry.group) : [entry]));
  const list = flat([field].flat().flatMap((object) => object.value))
    .map((entry) => ({ name: withoutControls(entry.name ?? ''), address: withoutControls(entry.address ?? '') }))
    .filter((entry) => entry.name || entry.address);
  return list.length > 0 ? list : null;
}

/** The fields the list and the reading pane show, from the message's own header (see OwnHeaders). */
function ownHeaders(parsed: ParsedMail, source: Uint8Array): OwnHeaders {
  const contentType = parsed.headers.get('content-type') as { params?: Record<string, string> } | undefined;
  const subject = rawSubjectText(source, contentType?.params?.charset) ?? parsed.subject ?? '';
  return {
    subject: parsed.headers.has('subject') ? withoutControls(subject) || null : null,
    from: addressList(parsed.from)?.[0] ?? null,
    to: addressList(parsed.to),
    cc: addressList(parsed.cc),
    replyTo: addressList(parsed.replyTo),
  };
}

// A part listed without a name could be neither told apart nor saved under a sensible name.
const NAME_BY_TYPE: Record<string, string> = {
  'message/rfc822': 'forwarded-message.eml',
  'message/global': 'forwarded-message.eml',
  'text/calendar': 'invite.ics',
  'application/ics': 'invite.ics',
  'text/plain': 'attachment.txt',
  'text/html': 'attachment.html',
  'message/delivery-status': 'delivery-status.txt',
  'text/rfc822-headers': 'headers.txt',
};

function nameOf(contentType: string): string {
  const type = contentType.toLowerCase();
  const known = NAME_BY_TYPE[type];
  if (known) return known;
  const subtype = /^[a-z]+\/(?:x-)?([a-z0-9]{1,10})$/u.exec(type)?.[1];
  return subtype && subtype !== 'octet' ? `attachment.${subtype}` : 'attachment';
}

/** Only inline images referenced by Content-ID keep their bytes (cid: works offline); others are fetched on demand. */
function toAttachmentRecord(attachment: Attachment): AttachmentRecord {
  // mailparser gives `false` for a header without a media type (`Content-Type: ; name="x.jpg"`):
  // such a part is listed as bytes of unknown type rather than failing the whole message.
  const contentType = attachment.contentType || 'application/octet-stream';
  const contentId = attachment.contentId?.replace(/^<|>$/g, '') || null;
  const inline = contentId !== null && contentType.toLowerCase().startsWith('image/');
  return {
    // An inline image without a name stays nameless: it shows in the body, not in the list.
    filename: attachment.filename || (inline ? '' : nameOf(contentType)),
    contentType,
    size: attachment.size,
    contentId,
    inline,
    part: attachment.partId ?? null,
    content: inline ? new Uint8Array(attachment.content) : null,
  };
}

const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

/**
 * Nested messages the sender left nameless are named after their subject; inline text parts with a
 * file name are listed too (the parser lists only those it did not show).
 */
function withShownParts(attachments: AttachmentRecord[], shown: ShownBody): AttachmentRecord[] {
  const subjects = [...shown.messageSubjects];
  const named = attachments.map((attachment) => {
    if (!MESSAGE_TYPES.has(attachment.contentType.toLowerCase())) return attachment;
    const subject = subjects.shift();
    return attachment.filename === nameOf(attachment.contentType) && subject
      ? { ...attachment, filename: attachedMessageName(subject) }
      : attachment;
  });
  const parts = new Set(named.map((attachment) => attachment.part));
  const listed = shown.listed
    .filter((text) => !parts.has(text.part))
    .map((text) => ({ ...text, contentId: null, inline: false, content: null }));
  return [...named, ...listed];
}

const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics']);
// Larger than any real invitation; a part beyond it is listed as an attachment and not read.
const MAX_CALENDAR_BYTES = 256 * 1024;

/** The first iCalendar part's text, preferring the text/calendar alternative over an attached copy. */
function calendarOf(attachments: Attachment[]): string | null {
  // contentType is `false` for a part whose Content-Type has no media type.
  const typeOf = (attachment: Attachment) => (attachment.contentType || '').toLowerCase();
  const parts = attachments.filter(
    (attachment) => CALENDAR_TYPES.has(typeOf(attachment)) && attachment.size <= MAX_CALENDAR_BYTES,
  );
  const part = parts.find((each) => typeOf(each) === 'text/calendar') ?? parts[0];
  return part ? new TextDecoder().decode(part.content) : null;
}

const SIGNATURES: Record<string, MessageProtection['scheme']> = {
  'application/pkcs7-signature': 'smime',
  'application/x-pkcs7-signature': 'smime',
  'application/pgp-signature': 'pgp',
};

function contentTypeOf(headers: ParsedMail['headers'] | Attachment['headers']) {
  const header = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return { type: (header?.value ?? '').toLowerCase(), params: header?.params ?? {} };
}

const isPkcs7Mime = (type: string) => type === 'application/pkcs7-mime' || type === 'application/x-pkcs7-mime';

/**
 * S/MIME (RFC 8551) or OpenPGP (RFC 3156) protection: encrypted when the message is
 * multipart/encrypted or enveloped pkcs7-mime, signed when it carries a detached signature part
 * or is signed-data pkcs7-mime. Signatures are not checked here.
 */
function protectionOf(parsed: ParsedMail): MessageProtection | null {
  const top = contentTypeOf(parsed.headers);
  const parts = parsed.attachments.map((attachment) => contentTypeOf(attachment.headers));
  for (const { type, params } of [top, ...parts]) {
    if (type === 'multipart/encrypted' || type === 'application/pgp-encrypted')
      return { kind: 'encrypted', scheme: 'pgp' };
    const smimeType = (params['smime-type'] ?? '').toLowerCase();
    if (isPkcs7Mime(type) && smimeType !== 'signed-data' && smimeType !== 'certs-only')
      return { kind: 'encrypted', scheme: 'smime' };
  }
  for (const { type, params } of [top, ...parts]) {
    const scheme = SIGNATURES[type] ?? (isPkcs7Mime(type) ? 'smime' : undefined);
    if (scheme && (params['smime-type'] ?? '').toLowerCase() !== 'certs-only') return { kind: 'signed', scheme };
  }
  if (top.type === 'multipart/signed') {
    return { kind: 'signed', scheme: /pgp/iu.test(top.params.protocol ?? '') ? 'pgp' : 'smime' };
  }
  return null;
}

/**
 * A full message source parsed into what the store keeps: text, the HTML as the sender wrote it
 * (the renderer sanitizes it; cid: links stay so it can map them to inline images), a snippet,
 * References, and the attachments' descriptions.
 */
export function parseBody(source: Uint8Array): Promise<BodyRecord> {
  return parseNested(source, 0);
}

/** `nesting`: how many messages this one is inside of (shown-body.ts parses their pieces here). */
async function parseNested(source: Uint8Array, nesting: number): Promise<BodyRecord> {
  const parsed = await simpleParser(Buffer.from(source.buffer, source.byteOffset, source.byteLength), {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
    maxHtmlLengthToParse: HTML_TEXT_LIMITS.maxInputLength,
  });
  // The richest part that has content (RFC 2046): an HTML part that shows no text loses to the text.
  const shown = await shownBody(source, (piece) => parseNested(piece, nesting + 1), nesting);
  const parsedHtml = parsed.html && (parsed.text?.trim() && !SHOWN_LETTER.test(parsed.html) ? null : parsed.html);
  const html = shown.composed ? shown.composed.html : parsedHtml || null;
  const parsedText = (parsed.text?.trim() ? parsed.text : null) ?? (html ? textOfHtml(html) : (parsed.text ?? null));
  const text = shown.composed ? shown.composed.text : parsedText;
  const references = Array.isArray(parsed.references) ? parsed.references : [parsed.references ?? ''];
  return {
    headers: ownHeaders(parsed, source),
    text,
    html,
    snippet: snippetOf(text),
    references: references.flatMap((value) => messageIds(value)),
    attachments: withShownParts(parsed.attachments.map(toAttachmentRecord), shown),
    calendar: calendarOf(parsed.attachments),
    protection: protectionOf(parsed),
  };
}
