import type { FetchMessageObject, FetchQueryObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address } from '../../../shared/mail-models';
import type { HeaderRecord } from '../store/mail-store-types';
import { messageIdentity, type IdentitySource } from './message-identity';

/** What the header sync asks the server for, per message: everything a list row and threading need. */
export const HEADER_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  bodyStructure: true,
  internalDate: true,
  headers: ['references'],
};

const MESSAGE_ID = /<([^<>\s]+)>/g;

/** Message-IDs of a header value, without angle brackets, in order. */
export function messageIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(MESSAGE_ID)].map((match) => match[1] as string);
}

/** The References header from a FETCH BODY[HEADER.FIELDS (REFERENCES)] block, unfolded. */
export function referencesHeader(headers: Buffer | undefined): string[] {
  if (!headers) return [];
  const unfolded = headers.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const line = /^references:(.*)$/im.exec(unfolded);
  return messageIds(line?.[1]);
}

function singleId(value: string | undefined): string | null {
  return messageIds(value)[0] ?? (value?.trim() || null);
}

// What Dovecot puts in the ENVELOPE for the part of an address a header lacks or garbles
// (MISSING_MAILBOX@MISSING_DOMAIN, aaa@SYNTAX_ERROR): shown, it reads like someone's address.
const SERVER_PLACEHOLDER = /^MISSING_MAILBOX@|@(?:MISSING_DOMAIN|SYNTAX_ERROR|\.SYNTAX-ERROR\.)$/u;

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? [])
    .map((entry) => {
      const address = entry.address ?? '';
      return { name: entry.name ?? '', address: SERVER_PLACEHOLDER.test(address) ? '' : address };
    })
    .filter((entry) => entry.address || entry.name);
}

/** Flags as stored: \Recent belongs to one session, not to the message, so it is left out. */
export function storedFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag.toLowerCase() !== '\\recent');
}

function timeOf(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? time : null;
}

/** A part is an attachment when it says so, or when it is a named non-text leaf. */
export function hasAttachment(part: MessageStructureObject | undefined): boolean {
  if (!part) return false;
  if (part.childNodes?.length) return part.childNodes.some(hasAttachment);
  if (part.disposition?.toLowerCase() === 'attachment') return true;
  const named = Boolean(part.dispositionParameters?.filename ?? part.parameters?.name);
  return named && part.disposition?.toLowerCase() !== 'inline' && !part.type.startsWith('text/');
}

/** `identity`: what the session's server offers as a message identity (identitySource). */
export function toHeaderRecord(message: FetchMessageObject, identity: IdentitySource): HeaderRecord {
  const envelope = message.envelope ?? {};
  const from = addresses(envelope.from)[0] ?? null;
  const messageId = singleId(envelope.messageId);
  const size = message.size ?? 0;
  return {
    uid: message.uid,
    objectId: messageIdentity(identity, message, {
      messageId,
      size,
      headerDate: timeOf(envelope.date),
      from: from?.address ?? '',
      subject: envelope.subject ?? '',
    }),
    messageId,
    inReplyTo: singleId(envelope.inReplyTo),
    references: referencesHeader(message.headers),
    subject: envelope.subject ?? '',
    from,
    to: addresses(envelope.to),
    cc: addresses(envelope.cc),
    replyTo: addresses(envelope.replyTo),
    date: timeOf(envelope.date) ?? timeOf(message.internalDate),
    flags: storedFlags(message.flags),
    size,
    hasAttachments: hasAttachment(message.bodyStructure),
    modseq: message.modseq === undefined ? null : Number(message.modseq),
  };
}
