import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { hasAttachment, referencesHeader, toHeaderRecord } from './header-record';

describe('a header record from a FETCH', () => {
  it('takes the envelope, flags and the References header', () => {
    const message: FetchMessageObject = {
      seq: 4,
      uid: 17,
      modseq: 42n,
      flags: new Set(['\\Seen', '$Label1']),
      size: 2_048,
      internalDate: new Date('2024-01-02T03:04:05Z'),
      envelope: {
        date: new Date('2024-01-01T00:00:00Z'),
        subject: 'Re: plans',
        messageId: '<b@example.org>',
        inReplyTo: '<a@example.org>',
        from: [{ name: 'Ann', address: 'ann@example.org' }],
        to: [{ address: 'bob@example.org' }],
        cc: [],
      },
      headers: Buffer.from('References: <root@example.org>\r\n <a@example.org>\r\n\r\n'),
      bodyStructure: { type: 'text/plain' },
    };
    expect(toHeaderRecord(message, 'fallback')).toEqual({
      uid: 17,
      objectId: 'mid:b@example.org\n2048\n' + Date.parse('2024-01-01T00:00:00Z') + '\nann@example.org\nRe: plans',
      messageId: 'b@example.org',
      inReplyTo: 'a@example.org',
      references: ['root@example.org', 'a@example.org'],
      subject: 'Re: plans',
      from: { name: 'Ann', address: 'ann@example.org' },
      to: [{ name: '', address: 'bob@example.org' }],
      cc: [],
      replyTo: [],
      date: Date.parse('2024-01-01T00:00:00Z'),
      flags: ['\\Seen', '$Label1'],
      size: 2_048,
      hasAttachments: false,
      modseq: 42,
    });
  });

  it("never shows the server's placeholders for a missing or garbled address", () => {
    const record = toHeaderRecord(
      {
        seq: 1,
        uid: 1,
        envelope: {
          from: [{ name: 'No Domain', address: 'MISSING_MAILBOX@MISSING_DOMAIN' }],
          to: [{ address: 'aaa@SYNTAX_ERROR' }, { address: 'bob@example.org' }],
          cc: [{ name: 'Carol', address: 'carol@MISSING_DOMAIN' }],
        },
      },
      'fallback',
    );
    expect(record.from).toEqual({ name: 'No Domain', address: '' });
    expect(record.to).toEqual([{ name: '', address: 'bob@example.org' }]);
    expect(record.cc).toEqual([{ name: 'Carol', address: '' }]);
  });

  it('falls back to INTERNALDATE and empty fields', () => {
    const record = toHeaderRecord({ seq: 1, uid: 1, internalDate: new Date(5_000) }, 'fallback');
    expect(record).toMatchObject({ date: 5_000, subject: '', from: null, messageId: null, references: [], flags: [] });
    // Nothing to tell it from another message: it stands alone.
    expect(record.objectId).toBeNull();
  });

  it('reads References only from its own header line', () => {
    expect(referencesHeader(Buffer.from('X-Other: <x@y>\r\nReferences: <r@y>\r\n'))).toEqual(['r@y']);
    expect(referencesHeader(undefined)).toEqual([]);
  });

  it('tells attachments from inline parts and body text', () => {
    const pdf = { type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'a.pdf' } };
    const inlineImage = { type: 'image/png', disposition: 'inline', id: '<logo>', parameters: { name: 'logo.png' } };
    const text = { type: 'text/plain' };
    expect(hasAttachment({ type: 'multipart/mixed', childNodes: [text, pdf] })).toBe(true);
    expect(hasAttachment({ type: 'multipart/related', childNodes: [text, inlineImage] })).toBe(false);
    expect(
      hasAttachment({
        type: 'multipart/mixed',
        childNodes: [text, { type: 'image/jpeg', parameters: { name: 'p.jpg' } }],
      }),
    ).toBe(true);
  });
});
