import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../../shared/mail-models';
import { prefixedSubject, quoteOriginal, replyDraft, replyRecipients } from './reply-draft';
import type { ReplyWriter } from './reply-draft';

const original = (fields: Partial<MessageDetail> = {}): MessageDetail & { references: string[] } => ({
  id: 9,
  accountId: 'sandbox:alice@harbor.test',
  folderId: 1,
  threadId: 3,
  from: { name: 'Bob', address: 'bob@harbor.test' },
  to: [
    { name: 'Alice', address: 'Alice@harbor.test' },
    { name: 'Carol', address: 'carol@harbor.test' },
  ],
  cc: [
    { name: 'Dave', address: 'dave@harbor.test' },
    { name: 'Carol again', address: 'CAROL@harbor.test' },
    { name: 'Bob', address: 'bob@harbor.test' },
  ],
  replyTo: [],
  subject: 'Plans',
  date: Date.UTC(2025, 0, 6, 10, 0),
  messageIdHeader: 'orig@harbor.test',
  unread: false,
  flagged: false,
  html: '<p>Hi <script>alert(1)</script><img src=x onerror=alert(2)> &amp; <b>bye</b></p>',
  text: null,
  inlineImages: {},
  attachments: [],
  remoteContentAllowed: false,
  event: null,
  protection: null,
  folderIds: [1],
  references: ['root@harbor.test'],
  ...fields,
});

describe('reply drafts', () => {
  it('prefixes Re: and Fwd: once', () => {
    expect(prefixedSubject('Plans', 'reply')).toBe('Re: Plans');
    expect(prefixedSubject('RE: Re: Plans', 'replyAll')).toBe('RE: Re: Plans');
    expect(prefixedSubject('Fwd: Plans', 'forward')).toBe('Fwd: Plans');
    expect(prefixedSubject('Re: Plans', 'forward')).toBe('Fwd: Re: Plans');
  });

  it('replies to Reply-To or the sender; reply all leaves the user out and names everyone once', () => {
    expect(replyRecipients(original(), 'reply', 'alice@harbor.test')).toEqual({
      to: [{ name: 'Bob', address: 'bob@harbor.test' }],
      cc: [],
    });
    expect(
      replyRecipients(
        original({ replyTo: [{ name: 'List', address: 'list@harbor.test' }] }),
        'reply',
        'alice@harbor.test',
      ).to,
    ).toEqual([{ name: 'List', address: 'list@harbor.test' }]);
    const all = replyRecipients(original(), 'replyAll', 'alice@harbor.test');
    expect(all.to.map((each) => each.address)).toEqual(['bob@harbor.test']);
    expect(all.cc.map((each) => each.address)).toEqual(['carol@harbor.test', 'dave@harbor.test']);
  });

  it('threads a reply: In-Reply-To the original, References = its References + its Message-ID', () => {
    const draft = replyDraft(original(), 'reply', writer());
    expect(draft.inReplyTo).toBe('orig@harbor.test');
    expect(draft.references).toEqual(['root@harbor.test', 'orig@harbor.test']);
    expect(draft.subject).toBe('Re: Plans');
    const forward = replyDraft(original(), 'forward', writer());
    expect(forward.inReplyTo).toBeNull();
    expect(forward.to).toEqual([]);
  });

  it('quotes the HTML of the original in the HTML, reduced to safe elements, and as text in the text', () => {
    const quoted = quoteOriginal(original(), 'reply', { locale: 'en-GB', timeZone: 'UTC' });
    expect(quoted.text).toContain('On Monday, 6 January 2025 at 10:00, Bob <bob@harbor.test> wrote:');
    expect(quoted.text).toContain('> Hi & bye');
    expect(quoted.html).not.toMatch(/<script|<img|onerror|alert/);
    expect(quoted.html).toContain('<blockquote type="cite"><p>Hi  &amp; <b>bye</b></p></blockquote>');
    const hostile = quoteOriginal(original({ html: null, text: '<img src=x onerror=alert(1)>' }), 'reply');
    expect(hostile.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile.html).not.toContain('<img');
  });

  it('quotes a table-based layout with its table in the HTML and its cells apart in the text', () => {
    const html =
      '<table><tr><td>Novice fours</td><td>9:00</td></tr><tr><td>Senior eights</td><td>11:30</td></tr></table>';
    // The text part stored for an HTML-only message ran the cells together.
    const source = original({ html, text: 'Novice fours9:00Senior eights11:30' });
    const reply = quoteOriginal(source, 'reply');
    expect(reply.html).toContain('<blockquote type="cite"><table><tr><td>Novice fours</td><td>9:00</td></tr>');
    expect(reply.text).toMatch(/^> Novice fours +9:00$/m);
    expect(reply.text).toMatch(/^> Senior eights +11:30$/m);
    const forward = quoteOriginal(source, 'forward');
    expect(forward.html).toContain('<br><div><table><tr><td>Novice fours</td>');
    expect(forward.text).toMatch(/^Novice fours +9:00$/m);
    // Without HTML, the text part is what is quoted, escaped in the HTML.
    expect(quoteOriginal(original({ html: null, text: 'a < b\nc' }), 'reply').html).toContain('a &lt; b<br>c');
  });

  it("dates the attribution in the reader's time zone and locale, not in GMT", () => {
    const tokyo = quoteOriginal(original(), 'reply', { locale: 'en-US', timeZone: 'Asia/Tokyo' });
    expect(tokyo.text).toContain('On Monday, January 6, 2025 at 7:00 PM, Bob <bob@harbor.test> wrote:');
    const forward = quoteOriginal(original(), 'forward', { locale: 'de-DE', timeZone: 'America/New_York' });
    expect(forward.text).toContain('Date: Montag, 6. Januar 2025 um 05:00');
    expect(forward.html).toContain('Date: Montag, 6. Januar 2025 um 05:00');
    expect(quoteOriginal(original({ date: null }), 'reply').text).toContain('On an unknown date, Bob');
  });

  it('puts the signature between the room to write and the quote, or after the quote when it goes on top', () => {
    const signature = { format: 'plain' as const, text: 'Alice\nHarbor board', html: '' };
    const top = replyDraft(
      original(),
      'reply',
      writer({ signature, settings: { composeFormat: 'plain', quotePosition: 'top' } }),
    );
    expect(top.html).toBeNull();
    expect(top.text.startsWith('\n\n-- \nAlice\nHarbor board\n\nOn ')).toBe(true);
    const bottom = replyDraft(
      original(),
      'reply',
      writer({ signature, settings: { composeFormat: 'rich', quotePosition: 'bottom' } }),
    );
    expect(bottom.text.indexOf('> Hi')).toBeLessThan(bottom.text.indexOf('-- \nAlice'));
    expect(bottom.text.endsWith('\n\n-- \nAlice\nHarbor board')).toBe(true);
    expect(bottom.html).toMatch(
      /<\/blockquote><div><br><\/div><div>-- <\/div><div>Alice<\/div><div>Harbor board<\/div>$/,
    );
    const forward = replyDraft(original(), 'forward', writer({ signature }));
    expect(forward.text.indexOf('-- \nAlice')).toBeLessThan(forward.text.indexOf('---------- Forwarded message'));
  });

  it('sends from the identity it was given and leaves every own address out of reply all', () => {
    const draft = replyDraft(
      original({ to: [{ name: 'Alice', address: 'alias@harbor.test' }] }),
      'replyAll',
      writer({ from: 'alias@harbor.test', ownAddresses: ['alice@harbor.test', 'alias@harbor.test'] }),
    );
    expect(draft.from).toBe('alias@harbor.test');
    expect([...draft.to, ...draft.cc].map((each) => each.address)).not.toContain('alias@harbor.test');
  });
});

function writer(fields: Partial<ReplyWriter> = {}): ReplyWriter {
  return {
    ownAddresses: ['alice@harbor.test'],
    from: null,
    signature: { format: 'plain', text: '', html: '' },
    settings: { composeFormat: 'rich', quotePosition: 'top' },
    ...fields,
  };
}
