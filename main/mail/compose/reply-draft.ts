import type { AppSettings } from '../../../shared/app-settings';
import type { ComposeMode, ReaderDates } from '../../../shared/compose-models';
import type { Signature } from '../../../shared/identity-models';
import type { Address, MessageDetail } from '../../../shared/mail-models';
import { formatFullDate } from '../../../shared/readable-dates';
import { composeBody } from '../../../shared/signature';
import type { DraftContent } from './draft-repository';
import { quotedHtml, quotedHtmlText } from './quoted-html';

type ReplyMode = Exclude<ComposeMode, 'new'>;

const replyPrefix = /^\s*(re|aw|sv)\s*:\s*/i;
const forwardPrefix = /^\s*(fwd?|wg)\s*:\s*/i;

/** "Re: " or "Fwd: " once, however many times the subject was already replied to or forwarded. */
export function prefixedSubject(subject: string, mode: ReplyMode): string {
  if (mode === 'forward') return forwardPrefix.test(subject) ? subject.trim() : `Fwd: ${subject.trim()}`;
  return replyPrefix.test(subject) ? subject.trim() : `Re: ${subject.trim()}`;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function withoutDuplicates(addresses: Address[], excluded: string[]): Address[] {
  const kept: Address[] = [];
  for (const address of addresses) {
    if (!address.address) continue;
    if (excluded.some((each) => sameAddress(each, address.address))) continue;
    if (kept.some((each) => sameAddress(each.address, address.address))) continue;
    kept.push(address);
  }
  return kept;
}

/** Who a reply goes to: Reply-To or the sender; reply all adds To and Cc, never the user (any of their addresses), each once. */
export function replyRecipients(
  source: Pick<MessageDetail, 'from' | 'to' | 'cc' | 'replyTo'>,
  mode: 'reply' | 'replyAll',
  own: string | readonly string[],
): { to: Address[]; cc: Address[] } {
  const ownAddresses = typeof own === 'string' ? [own] : [...own];
  const fromSelf = ownAddresses.some((each) => sameAddress(source.from.address, each));
  // Replying to one's own sent message goes to its recipients, as mail clients do.
  const primary = fromSelf ? source.to : source.replyTo.length ? source.replyTo : [source.from];
  const to = withoutDuplicates(primary, fromSelf ? [] : ownAddresses);
  if (mode === 'reply') return { to: to.length ? to : withoutDuplicates(primary, []), cc: [] };
  const cc = withoutDuplicates(
    [...(fromSelf ? [] : source.to), ...source.cc],
    [...ownAddresses, ...to.map((each) => each.address)],
  );
  return { to, cc };
}

/** References of a reply: the original's References, then the original's own Message-ID. */
export function replyReferences(source: { messageIdHeader: string | null; references: string[] }): string[] {
  const references = [...source.references];
  if (source.messageIdHeader && !references.includes(source.messageIdHeader)) references.push(source.messageIdHeader);
  return references;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);

const describeSender = (from: Address) => (from.name ? `${from.name} <${from.address}>` : from.address);
/** In the reader's locale and time zone when the renderer sent them, else this process's own. */
const describeDate = (date: number | null, dates: ReaderDates | undefined) =>
  date === null ? 'an unknown date' : formatFullDate(date, dates);

/**
 * The original as text for quoting: its HTML (what the reading pane showed) as text, table cells
 * apart, else its text part. Escaped again wherever it goes into HTML.
 */
export function originalText(source: Pick<MessageDetail, 'text' | 'html'>): string {
  const fromHtml = source.html ? quotedHtmlText(source.html) : '';
  if (fromHtml) return fromHtml;
  return source.text?.trim() ? source.text : '';
}

/** The original as the rich quote's HTML: its HTML reduced to what quoted-html.ts keeps, else its text. */
function originalHtml(source: Pick<MessageDetail, 'text' | 'html'>, text: string): string {
  const kept = source.html ? quotedHtml(source.html) : '';
  return kept || escapeHtml(text).replace(/\n/g, '<br>');
}

export interface QuotedOriginal {
  text: string;
  html: string;
}

/**
 * "On <date>, <sender> wrote:" and the original as "> " lines (text) or in a blockquote (html);
 * a forward's header and the original. Without the room to write around it (composeBody adds it).
 */
export function quoteOriginal(source: MessageDetail, mode: ReplyMode, dates?: ReaderDates): QuotedOriginal {
  const body = originalText(source).replace(/\r\n/g, '\n');
  const bodyHtml = originalHtml(source, body);
  if (mode === 'forward') {
    const header = [
      '---------- Forwarded message ----------',
      `From: ${describeSender(source.from)}`,
      `Date: ${describeDate(source.date, dates)}`,
      `Subject: ${source.subject}`,
      `To: ${source.to.map(describeSender).join(', ')}`,
    ];
    const text = [...header, '', body].join('\n');
    const html = `<div>${header.map(escapeHtml).join('<br>')}</div><br><div>${bodyHtml}</div>`;
    return { text, html };
  }
  const intro = `On ${describeDate(source.date, dates)}, ${describeSender(source.from)} wrote:`;
  const quoted = body
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
  const text = `${intro}\n${quoted}\n`;
  const html = `<p>${escapeHtml(intro)}</p><blockquote type="cite">${bodyHtml}</blockquote>`;
  return { text, html };
}

/** How the person writes: their addresses, the identity's signature, and the Writing settings. */
export interface ReplyWriter {
  ownAddresses: string[];
  /** The identity's address the reply goes out from (null: the account's own). */
  from: string | null;
  signature: Signature;
  settings: Pick<AppSettings, 'composeFormat' | 'quotePosition'>;
}

/** A reply or forward draft's content, built from the stored original. */
export function replyDraft(
  source: MessageDetail & { references: string[] },
  mode: ReplyMode,
  writer: ReplyWriter,
  dates?: ReaderDates,
): DraftContent {
  const body = composeBody({
    quote: quoteOriginal(source, mode, dates),
    signature: writer.signature,
    position: writer.settings.quotePosition,
    rich: writer.settings.composeFormat === 'rich',
  });
  const recipients = mode === 'forward' ? { to: [], cc: [] } : replyRecipients(source, mode, writer.ownAddresses);
  const threaded = mode !== 'forward';
  return {
    accountId: source.accountId,
    mode,
    ...recipients,
    bcc: [],
    subject: prefixedSubject(source.subject, mode),
    html: body.html,
    text: body.text,
    inReplyTo: threaded ? source.messageIdHeader : null,
    references: threaded ? replyReferences(source) : [],
    sourceMessageId: source.id,
    from: writer.from,
  };
}
