// The text and HTML the reading pane shows, where the parser's flat reading would lose something
// (display-plan.ts): each piece of the message is handed to the parse function on its own, nested
// messages included (which is how they get their headers and text), and the pieces are put together
// by composedBody. Works on raw bytes and the parse function's result only, whatever parser it uses.
import { safeFileName } from '../../files/safe-file-name';
import type { BodyRecord } from '../store/mail-store-types';
import { composedBody, type ShownPiece } from './composed-body';
import { displayPlan, type ListedTextPart } from './display-plan';
import { headerFields, mimeOutline } from './mime-outline';

export interface ShownBody {
  /** Null when the parser's own text and HTML stand. */
  composed: { text: string | null; html: string | null } | null;
  /** Inline text parts with a file name, to list besides what the parser lists. */
  listed: ListedTextPart[];
  /** The subject of each nested message, in order, to name it when it is saved. */
  messageSubjects: (string | null)[];
}

/** Messages inside messages inside messages: deeper ones are listed, not shown. */
const MAX_NESTING = 3;

type Parse = (source: Uint8Array) => Promise<BodyRecord>;

function dateOf(raw: Uint8Array): string | null {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = bytes.indexOf('\n\n') >= 0 ? bytes.indexOf('\n\n') : bytes.indexOf('\r\n\r\n');
  const date = headerFields(bytes.subarray(0, end < 0 ? Math.min(bytes.length, 64 * 1024) : end)).get('date');
  return date?.replace(/\p{Cc}/gu, '').trim() || null;
}

export async function shownBody(source: Uint8Array, parse: Parse, nesting: number): Promise<ShownBody> {
  const plan = displayPlan(mimeOutline(source));
  if (!plan.composed || nesting >= MAX_NESTING) return { composed: null, listed: plan.listed, messageSubjects: [] };
  const pieces: ShownPiece[] = [];
  const messageSubjects: (string | null)[] = [];
  for (const piece of plan.pieces) {
    const body = await parse(piece.raw);
    if (piece.kind === 'part') {
      pieces.push({ kind: 'part', text: body.text, html: body.html });
      continue;
    }
    const headers = body.headers;
    messageSubjects.push(headers?.subject ?? null);
    pieces.push({
      kind: 'message',
      from: headers?.from ?? null,
      to: headers?.to ?? [],
      cc: headers?.cc ?? [],
      date: dateOf(piece.raw),
      subject: headers?.subject ?? null,
      text: body.text,
      html: body.html,
    });
  }
  return { composed: composedBody(pieces), listed: plan.listed, messageSubjects };
}

/** A nested message saved as a file: named after its subject. */
export const attachedMessageName = (subject: string | null): string =>
  subject?.trim()
    ? safeFileName(
        `${subject
          .trim()
          .slice(0, 120)
          .replace(/[.\s]+$/u, '')}.eml`,
        'forwarded-message.eml',
      )
    : 'forwarded-message.eml';
