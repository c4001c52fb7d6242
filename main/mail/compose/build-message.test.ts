import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../../shared/compose-models';
import { buildDraftMessage, buildMessage, draftKeyHeader, newMessageId } from './build-message';

const draft = (fields: Partial<Draft> = {}): Draft => ({
  id: 1,
  accountId: 'sandbox:alice@harbor.test',
  mode: 'reply',
  to: [{ name: 'Bob', address: 'bob@harbor.test' }],
  cc: [],
  bcc: [{ name: '', address: 'secret@harbor.test' }],
  subject: 'Re: Plans',
  html: '<p>Hello <b>Bob</b></p>',
  text: 'Hello Bob',
  inReplyTo: 'orig@harbor.test',
  references: ['root@harbor.test', 'orig@harbor.test'],
  sourceMessageId: 7,
  from: null,
  attachments: [],
  savedAt: 1,
  serverSavedAt: null,
  ...fields,
});
const sender = { email: 'alice@harbor.test', displayName: 'Alice Example' };

describe('buildMessage', () => {
  it('writes the fixed Message-ID, the threading headers, both alternatives and the attachment', async () => {
    const messageId = newMessageId(sender.email);
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const built = await buildMessage(
      draft(),
      [{ filename: 'data.bin', contentType: 'application/octet-stream', content: bytes }],
      sender,
      {
        messageId,
        date: new Date(Date.UTC(2025, 0, 2)),
      },
    );
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(messageId).toMatch(/@harbor\.test$/);
    expect(parsed.messageId).toBe(`<${messageId}>`);
    expect(parsed.inReplyTo).toBe('<orig@harbor.test>');
    expect(parsed.references).toEqual(['<root@harbor.test>', '<orig@harbor.test>']);
    expect(parsed.html).toContain('<b>Bob</b>');
    expect(parsed.text?.trim()).toBe('Hello Bob');
    expect(Buffer.from(parsed.attachments[0]!.content).equals(Buffer.from(bytes))).toBe(true);
    expect(parsed.headers.get('bcc')).toBeUndefined();
    expect(built.envelope).toEqual({ from: 'alice@harbor.test', to: ['bob@harbor.test', 'secret@harbor.test'] });
  });

  it('builds the same Message-ID however often it is built, and a text-only message without HTML', async () => {
    const options = { messageId: 'fixed@harbor.test', date: new Date(0) };
    const first = await buildMessage(draft({ html: null }), [], sender, options);
    const second = await buildMessage(draft({ html: null }), [], sender, options);
    const parsed = await simpleParser(Buffer.from(first.raw));
    expect(parsed.messageId).toBe('<fixed@harbor.test>');
    expect((await simpleParser(Buffer.from(second.raw))).messageId).toBe('<fixed@harbor.test>');
    expect(parsed.html).toBe(false);
    expect(
      String(parsed.headers.get('content-type') && (parsed.headers.get('content-type') as { value: string }).value),
    ).toBe('text/plain');
  });

  it('writes From as "Display Name" <address> of the identity, and keeps the signed-in address in the envelope', async () => {
    const alias = {
      email: 'ferries@harbor.test',
      displayName: 'Alice "Ferries" Example',
      accountEmail: 'alice@harbor.test',
    };
    const built = await buildMessage(draft(), [], alias, { messageId: 'alias@harbor.test', date: new Date(0) });
    const parsed = await simpleParser(Buffer.from(built.raw));
    expect(parsed.from?.value).toEqual([{ name: 'Alice "Ferries" Example', address: 'ferries@harbor.test' }]);
    expect(String(parsed.headers.get('from') && (parsed.headers.get('from') as { text: string }).text)).toBe(
      '"Alice \\"Ferries\\" Example" <ferries@harbor.test>',
    );
    expect(built.envelope.from).toBe('alice@harbor.test');
  });

  it('refuses a message without recipients', async () => {
    await expect(
      buildMessage(draft({ to: [], bcc: [] }), [], sender, { messageId: 'x@y', date: new Date() }),
    ).rejects.toThrow(/at least one recipient/);
  });
});

describe('buildDraftMessage', () => {
  it('builds a version without recipients, keeps Bcc and names the draft in its header', async () => {
    const raw = await buildDraftMessage(draft({ to: [] }), [], sender, {
      messageId: newMessageId(sender.email),
      date: new Date(Date.UTC(2025, 0, 2)),
      draftKey: 'install-1.42',
    });
    const parsed = await simpleParser(Buffer.from(raw));
    expect(parsed.to).toBeUndefined();
    expect([parsed.bcc].flat()[0]?.value.map((entry) => entry.address)).toEqual(['secret@harbor.test']);
    expect(parsed.headers.get(draftKeyHeader.toLowerCase())).toBe('install-1.42');
    expect(parsed.inReplyTo).toBe('<orig@harbor.test>');
  });
});
