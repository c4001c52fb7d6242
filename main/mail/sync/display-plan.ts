// What the reading pane shows of a message, in order, decided on its MIME tree (mime-outline.ts):
// the texts of a multipart/mixed or report one after another, each alternative or related group
// as one piece, and nested messages (message/rfc822) as messages of their own. Parsers flatten
// the tree into one text and one HTML, which loses the text beside an HTML part, the delivery
// status of a report, and everything of a nested message but its bytes.
import type { MimePart } from './mime-outline';

export type DisplayPiece =
  /** A part or a group of alternatives to parse as a message of its own. */
  | { kind: 'part'; raw: Uint8Array; html: boolean }
  /** The bytes of a nested message, transfer decoding undone. */
  | { kind: 'message'; raw: Uint8Array };

/** An inline text part that has a file name: shown, and listed so it can be saved. */
export interface ListedTextPart {
  filename: string;
  contentType: string;
  part: string;
  size: number;
}

export interface DisplayPlan {
  pieces: DisplayPiece[];
  /**
   * The parser's single text and HTML would lose or hide something: a nested message, a report's
   * status, a text part beside an HTML one, or a part that is text under another type.
   */
  composed: boolean;
  listed: ListedTextPart[];
}

// Reports' machine-readable parts are text meant to be read (RFC 3464, 8098, 5965).
const STATUS_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'message/disposition-notification',
  'message/global-disposition-notification',
  'message/feedback-report',
]);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
const GROUP_TYPES = new Set(['multipart/alternative', 'multipart/related']);

const decoded = (part: MimePart): Buffer => {
  const body = Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength);
  if (part.transferEncoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  if (part.transferEncoding === 'quoted-printable') {
    return Buffer.from(
      body
        .toString('latin1')
        .replace(/=\r?\n/gu, '')
        .replace(/=([0-9a-f]{2})/giu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  }
  return body;
};

/** The part as a plain text message of its own: its body with its transfer encoding and charset. */
function asPlainText(part: MimePart): Uint8Array {
  const charset = part.params.charset ? `; charset="${part.params.charset}"` : '';
  const encoding = part.transferEncoding ? `Content-Transfer-Encoding: ${part.transferEncoding}\r\n` : '';
  return Buffer.concat([Buffer.from(`Content-Type: text/plain${charset}\r\n${encoding}\r\n`, 'latin1'), part.body]);
}

const hasHtml = (part: MimePart): boolean => part.type === 'text/html' || part.children.some(hasHtml);

/** Bytes sent as application/octet-stream that the sender marked as inline text. */
const isInlineTextFile = (part: MimePart): boolean =>
  part.type === 'application/octet-stream' &&
  part.disposition === 'inline' &&
  (/\.txt$/iu.test(part.filename ?? '') || part.params.charset !== undefined);

export function displayPlan(root: MimePart): DisplayPlan {
  const pieces: DisplayPiece[] = [];
  const listed: ListedTextPart[] = [];
  let composed = false;
  const text = (part: MimePart, raw: Uint8Array, type: string) => {
    pieces.push({ kind: 'part', raw, html: type === 'text/html' });
    if (part.filename && part.part) {
      listed.push({ filename: part.filename, contentType: type, part: part.part, size: decoded(part).length });
    }
  };
  const walk = (part: MimePart): void => {
    const { type } = part;
    if (type.startsWith('multipart/')) {
      if (part.children.length === 0) return;
      if (GROUP_TYPES.has(type)) pieces.push({ kind: 'part', raw: part.raw, html: hasHtml(part) });
      else if (type === 'multipart/signed') walk(part.children[0]!);
      else if (type !== 'multipart/encrypted') part.children.forEach(walk);
    } else if (MESSAGE_TYPES.has(type)) {
      composed = true;
      pieces.push({ kind: 'message', raw: decoded(part) });
    } else if (part.disposition === 'attachment') {
      return;
    } else if (type === 'text/plain' || type === 'text/html') {
      text(part, part.raw, type);
    } else if (STATUS_TYPES.has(type) || isInlineTextFile(part)) {
      composed = true;
      text(part, asPlainText(part), 'text/plain');
    }
  };
  walk(root);
  if (pieces.length > 1 && pieces.some((piece) => piece.kind === 'part' && piece.html)) composed = true;
  return { pieces, composed, listed };
}
