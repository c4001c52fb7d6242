// One text and one HTML made of the pieces a display plan shows (display-plan.ts), each already
// parsed: texts and HTML parts in order, nested messages quoted with their From, To, Cc, Date and
// Subject. The text always holds everything (the snippet and search read it); the HTML exists when
// a piece has HTML or is a nested message (shown under a table of its headers), and holds the texts
// too, so the pane that shows it loses nothing.
import type { Address } from '../../../shared/mail-models';

export interface ShownPart {
  kind: 'part';
  text: string | null;
  html: string | null;
}

export interface ShownMessage {
  kind: 'message';
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** The Date header as written. */
  date: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
}

export type ShownPiece = ShownPart | ShownMessage;

const spelled = (address: Address) =>
  address.name && address.address ? `${address.name} <${address.address}>` : address.name || address.address;

function headerLines(message: ShownMessage): [string, string][] {
  const lines: [string, string | null][] = [
    ['From', message.from ? spelled(message.from) : null],
    ['Date', message.date],
    ['Subject', message.subject],
    ['To', message.to.map(spelled).join(', ') || null],
    ['Cc', message.cc.map(spelled).join(', ') || null],
  ];
  return lines.filter((line): line is [string, string] => Boolean(line[1]));
}

const isEmpty = (piece: ShownPiece) =>
  !piece.text?.trim() && !piece.html?.trim() && (piece.kind === 'part' || headerLines(piece).length === 0);

const quoted = (text: string) =>
  text
    .replace(/^(?:[ \t]*\r?\n)+|\s+$/gu, '')
    .split(/\r?\n/u)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

function messageText(message: ShownMessage): string {
  const header = headerLines(message).map(([name, value]) => `${name}: ${value}`);
  const body = message.text?.trim() ? quoted(message.text) : '';
  return [
    '---------- Attached message ----------',
    header.length ? quoted(header.join('\n')) : '',
    body && header.length ? '>' : '',
    body,
  ]
    .filter(Boolean)
    .join('\n');
}

const escaped = (text: string) =>
  text.replace(/[&<>"]/gu, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);

// Web addresses in a text piece become links, as the plain-text view makes them (the frame's link
// handler opens them).
const linked = (text: string) =>
  escaped(text).replace(/\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)'\]]/gu, (url) => `<a href="${url}">${url}</a>`);

const textAsHtml = (text: string | null) =>
  text?.trim() ? `<div style="white-space: pre-wrap">${linked(text.replace(/\s+$/u, ''))}</div>` : '';

function messageHtml(message: ShownMessage): string {
  const rows = headerLines(message)
    .map(
      ([name, value]) =>
        `<tr><th style="text-align: left; vertical-align: top; padding: 0 8px 0 0; font-weight: 600">${name}:</th>` +
        `<td style="padding: 0">${escaped(value)}</td></tr>`,
    )
    .join('');
  const table = rows
    ? `<table role="presentation" style="border-collapse: collapse; margin: 0 0 8px; font-size: 13px; color: #4a5263">${rows}</table>`
    : '';
  return (
    '<blockquote type="cite" aria-label="Attached message" style="margin: 16px 0; padding: 0 0 0 12px; border-left: 3px solid #c9ced8">' +
    `${table}${message.html ?? textAsHtml(message.text)}</blockquote>`
  );
}

export function composedBody(pieces: ShownPiece[]): { text: string | null; html: string | null } {
  const shown = pieces.filter((piece) => !isEmpty(piece));
  const texts = shown.map((piece) => (piece.kind === 'message' ? messageText(piece) : (piece.text ?? '').trim()));
  const text = texts.filter(Boolean).join('\n\n') || null;
  if (!shown.some((piece) => piece.html || piece.kind === 'message')) return { text, html: null };
  const html = shown
    .map((piece) => (piece.kind === 'message' ? messageHtml(piece) : (piece.html ?? textAsHtml(piece.text))))
    .join('\n');
  return { text, html };
}
