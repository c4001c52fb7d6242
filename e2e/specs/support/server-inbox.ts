import { simpleParser } from 'mailparser';
import type { Sandbox } from '../../sandbox/start-sandbox';
import { withServer } from './mail-session';

// What the server holds in one folder, read by an IMAP client of its own, so a spec can hold the
// app's list against it.

export interface ServerMessage {
  uid: number;
  messageId: string;
  subject: string;
  date: number;
  seen: boolean;
  flagged: boolean;
  /** Every word of the message that a local search could match: subject, addresses, bodies. */
  words: string[];
  senderWords: string[];
}

/** Lowercased words without diacritics, as the store's unicode61 search tokenizer splits them. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

export async function serverFolder(sandbox: Sandbox, email: string, path: string): Promise<ServerMessage[]> {
  const fetched = await withServer(sandbox, email, async (client) => {
    const opened = await client.mailboxOpen(path, { readOnly: true });
    if (opened.exists === 0) return [];
    const all = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true, source: true }, { uid: true })) {
      // Untagged flag updates from other sessions can come along without a body.
      if (message.source)
        all.push({ uid: message.uid, flags: message.flags ?? new Set<string>(), source: message.source });
    }
    return all;
  });
  return Promise.all(
    fetched.map(async ({ uid, flags, source }) => {
      const parsed = await simpleParser(source);
      const addresses = [parsed.from, parsed.to, parsed.cc]
        .flatMap((field) => (field === undefined ? [] : Array.isArray(field) ? field : [field]))
        .map((field) => field.text)
        .join(' ');
      const sender = parsed.from?.value.map((each) => `${each.name} ${each.address ?? ''}`).join(' ') ?? '';
      return {
        uid,
        messageId: parsed.messageId ?? '',
        subject: parsed.subject ?? '',
        date: parsed.date?.getTime() ?? 0,
        seen: flags.has('\\Seen'),
        flagged: flags.has('\\Flagged'),
        words: searchWords(`${parsed.subject ?? ''} ${addresses} ${parsed.text ?? ''} ${parsed.html || ''}`),
        senderWords: searchWords(sender),
      };
    }),
  );
}

/** The messages in the user's INBOX on the server with exactly this subject, parsed. */
export async function deliveredWithSubject(sandbox: Sandbox, email: string, subject: string) {
  const sources = await withServer(sandbox, email, async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const found: Buffer[] = [];
    for await (const message of client.fetch('1:*', { source: true, envelope: true })) {
      if (message.envelope?.subject === subject && message.source) found.push(message.source);
    }
    return found;
  });
  return Promise.all(sources.map((source) => simpleParser(source)));
}
