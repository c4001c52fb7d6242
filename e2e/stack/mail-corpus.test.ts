import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { generateMessages, type GeneratedMessage } from './mail-corpus';
import type { StackUser } from './types';

const owner: StackUser = { email: 'alice@harbor.test', name: 'Alice Harbor', password: 'unused' };

function corpus(count: number, seed = 7): GeneratedMessage[] {
  return [...generateMessages({ count, seed, owner })];
}

function headerOf(message: GeneratedMessage): string {
  const raw = message.raw.toString('latin1');
  return raw.slice(0, raw.indexOf('\r\n\r\n'));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

describe('generated mail corpus', () => {
  const messages = corpus(3000);

  it('yields messages that mailparser reads back as generated', async () => {
    for (const message of messages.slice(0, 800)) {
      const parsed = await simpleParser(message.raw);
      expect(parsed.messageId).toBe(message.messageId);
      expect(parsed.subject).toBe(message.subject);
      expect(parsed.date?.getTime()).toBe(message.date.getTime());
      expect(parsed.from?.value[0]?.address).toBe(message.from);
      const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
      expect(to.map((a) => a.address)).toEqual(message.to);
      expect(parsed.inReplyTo).toBe(message.inReplyTo);
      expect(parsed.attachments.length > 0).toBe(message.hasAttachment);
      expect(parsed.text ?? '').not.toContain('\ufffd');
      const charset = /charset=([\w-]+)/.exec(message.raw.toString('latin1'))?.[1]?.toLowerCase();
      if (charset === 'koi8-r') expect(parsed.text).toMatch(/[а-яё]/i);
      if (charset === 'iso-2022-jp') expect(parsed.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    // Parsing 800 messages takes a few seconds; more on a loaded machine.
  }, 60_000);

  it('mixes charsets, transfer encodings, encoded words, HTML and mailing lists', () => {
    const all = messages.map(headerOf).join('\n') + messages.map((m) => m.raw.toString('latin1')).join('\n');
    for (const charset of ['us-ascii', 'UTF-8', 'ISO-8859-1', 'windows-1252', 'KOI8-R', 'ISO-2022-JP']) {
      expect(all, charset).toContain(`charset=${charset}`);
    }
    for (const encoding of ['7bit', '8bit', 'quoted-printable', 'base64']) {
      expect(all, encoding).toContain(`Content-Transfer-Encoding: ${encoding}`);
    }
    for (const word of ['=?UTF-8?Q?', '=?UTF-8?B?', '=?ISO-8859-1?', '=?KOI8-R?', '=?ISO-2022-JP?B?']) {
      expect(all, word).toContain(word);
    }
    expect(all).toContain('multipart/alternative');
    expect(all).toContain('multipart/mixed');
    expect(messages.filter((m) => /^List-Id: /m.test(headerOf(m))).length).toBeGreaterThan(messages.length * 0.05);
  });

  it('has a median size near 8 KB and a few percent of 100 KB-1 MB messages with attachments', () => {
    const sizes = messages.map((m) => m.raw.length);
    expect(median(sizes)).toBeGreaterThan(6_000);
    expect(median(sizes)).toBeLessThan(11_000);
    const large = messages.filter((m) => m.raw.length >= 100_000);
    expect(large.length / messages.length).toBeGreaterThan(0.01);
    expect(large.length / messages.length).toBeLessThan(0.06);
    for (const message of large) {
      expect(message.hasAttachment).toBe(true);
      expect(message.raw.length).toBeLessThan(1_100_000);
    }
    const kinds = large.map((m) => m.raw.toString('latin1')).join('\n');
    for (const type of ['application/pdf', 'image/png', 'text/plain; name=']) expect(kinds).toContain(type);
  });

  it('threads replies onto earlier messages, and the owner replies from Sent', async () => {
    const byId = new Map<string, GeneratedMessage>();
    let replies = 0;
    for (const message of messages) {
      if (message.inReplyTo) {
        replies++;
        const parent = byId.get(message.inReplyTo);
        expect(parent, message.inReplyTo).toBeDefined();
        expect(message.threadId).toBe(parent?.threadId);
        expect(message.subject).toMatch(/^(Re|RE|AW): /);
        // mailparser reads the References of a sample; parsing every reply adds seconds, not coverage.
        if (replies <= 300) {
          const parsed = await simpleParser(message.raw);
          const references = Array.isArray(parsed.references) ? parsed.references : [parsed.references];
          for (const reference of references) expect(byId.has(reference ?? '')).toBe(true);
          expect(references.at(-1)).toBe(message.inReplyTo);
        }
      } else {
        expect(message.threadId).toBe(message.messageId);
      }
      if (message.from === owner.email) expect(['Sent', 'Drafts']).toContain(message.folder);
      else expect(['Sent', 'Drafts']).not.toContain(message.folder);
      byId.set(message.messageId, message);
    }
    expect(replies / messages.length).toBeGreaterThan(0.15);
    const ownerReplies = messages.filter((m) => m.inReplyTo && m.from === owner.email);
    expect(ownerReplies.length).toBeGreaterThan(50);
  });

  it('has unique Message-IDs, ascending dates, about 30% unread and some flagged', () => {
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    for (const message of messages) expect(message.messageId).toMatch(/^<[^<>@\s]+@[\w.-]+>$/);
    for (let i = 1; i < messages.length; i++) {
      expect(messages[i]?.date.getTime()).toBeGreaterThanOrEqual(messages[i - 1]?.date.getTime() ?? 0);
    }
    const unread = messages.filter((m) => !m.flags.includes('\\Seen')).length / messages.length;
    expect(unread).toBeGreaterThan(0.2);
    expect(unread).toBeLessThan(0.4);
    expect(messages.some((m) => m.flags.includes('\\Flagged'))).toBe(true);
    const systemFlags = ['\\Answered', '\\Draft', '\\Flagged', '\\Seen'];
    for (const message of messages) for (const flag of message.flags) expect(systemFlags).toContain(flag);
    for (const message of messages.filter((m) => m.folder === 'Drafts')) expect(message.flags).toContain('\\Draft');
    const folders = new Set(messages.map((m) => m.folder));
    expect([...folders].sort()).toEqual(['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
  });

  it('gives the same bytes for the same seed and different bytes for another', () => {
    const digest = (list: GeneratedMessage[]): string => {
      const hash = createHash('sha256');
      for (const m of list) hash.update(m.raw).update(m.folder).update(m.flags.join());
      return hash.digest('hex');
    };
    const first = digest(corpus(400));
    expect(digest(corpus(400))).toBe(first);
    expect(digest(corpus(400, 8))).not.toBe(first);
  });

  it('ends every line with CRLF and keeps lines within 998 octets', () => {
    for (const message of messages) {
      const raw = message.raw.toString('latin1');
      expect(/[^\r]\n/.test(raw), message.messageId).toBe(false);
      expect(
        raw.split('\r\n').every((line) => line.length <= 998),
        message.messageId,
      ).toBe(true);
    }
  });

  it('involves the given correspondents in conversations both ways', () => {
    const bob = { email: 'bob@harbor.test', name: 'Bob Example' };
    const list = [...generateMessages({ count: 500, seed: 4, owner, correspondents: [bob] })];
    const fromBob = list.filter((m) => m.from === bob.email && m.to.includes(owner.email));
    const toBob = list.filter((m) => m.from === owner.email && m.to.includes(bob.email) && m.folder === 'Sent');
    expect(fromBob.length).toBeGreaterThan(10);
    expect(toBob.length).toBeGreaterThan(10);
    const ids = new Set(toBob.map((m) => m.messageId));
    expect(fromBob.some((m) => m.inReplyTo && ids.has(m.inReplyTo))).toBe(true);
  });

  it('stays within the requested date range', () => {
    const startDate = new Date('2024-01-01T00:00:00Z');
    const endDate = new Date('2024-02-01T00:00:00Z');
    const list = [...generateMessages({ count: 200, seed: 3, owner, startDate, endDate })];
    for (const message of list) {
      expect(message.date.getTime()).toBeGreaterThanOrEqual(startDate.getTime());
      expect(message.date.getTime()).toBeLessThan(endDate.getTime());
    }
  });

  it('generates lazily: the first message of a billion arrives at once', () => {
    const iterator = generateMessages({ count: 1_000_000_000, seed: 1, owner });
    expect(iterator.next().value?.raw.length).toBeGreaterThan(0);
  });
});
