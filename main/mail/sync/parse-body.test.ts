import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBody, snippetOf } from './parse-body';

const crlf = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

const message = crlf([
  'From: Ann <ann@example.org>',
  'To: bob@example.org',
  'Subject: Photos',
  'Message-ID: <c@example.org>',
  'References: <a@example.org> <b@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Look:   <img src="cid:logo@x"></p><script>alert(1)</script>',
  '--inner',
  'Content-Type: image/png',
  'Content-ID: <logo@x>',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--outer--',
  '',
]);

describe('parsing a message body', () => {
  it('keeps the HTML as sent, inline images with their bytes, other attachments described only', async () => {
    const body = await parseBody(message);
    expect(body.html).toContain('<script>alert(1)</script>');
    expect(body.html).toContain('cid:logo@x');
    expect(body.references).toEqual(['a@example.org', 'b@example.org']);
    const [image, pdf] = body.attachments;
    expect(image).toMatchObject({ contentType: 'image/png', contentId: 'logo@x', inline: true, size: 8 });
    expect(Buffer.from(image?.content ?? []).toString('base64')).toBe('iVBORw0KGgo=');
    expect(pdf).toMatchObject({ filename: 'report.pdf', contentType: 'application/pdf', inline: false, content: null });
    expect(pdf?.part).toEqual(expect.any(String));
  });

  it('takes the text of a message whose only text is HTML inside a multipart, for its snippet and search', async () => {
    const body = await parseBody(message);
    expect(body.text).toBe('Look:');
    expect(body.snippet).toBe('Look:');
    const html = await parseBody(
      crlf([
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Test of the HTML <b>section</b> &amp; more</p>',
        '--b--',
        '',
      ]),
    );
    expect(html.text).toBe('Test of the HTML section & more');
  });

  it("reads subject and addresses from the message's own header: the first of duplicates, without control characters", async () => {
    const body = await parseBody(
      crlf([
        'Subject: First\x07 subject',
        'Subject: Second subject',
        'From: jang.abcdef@xyzlinu <jang.abcdef@xyzlinux12345678.it>',
        'To: Team: ann@example.org, Bob <bob@example.org>;',
        'Reply-To: =?utf-8?Q?Zo=C3=AB?= <zoe@example.org>',
        '',
        'Hello',
        '',
      ]),
    );
    expect(body.headers).toEqual({
      subject: 'First subject',
      from: { name: 'jang.abcdef@xyzlinu', address: 'jang.abcdef@xyzlinux12345678.it' },
      to: [
        { name: '', address: 'ann@example.org' },
        { name: 'Bob', address: 'bob@example.org' },
      ],
      cc: null,
      replyTo: [{ name: 'Zoë', address: 'zoe@example.org' }],
    });
    // Missing or empty: the ENVELOPE's value stays.
    const bare = await parseBody(crlf(['Subject: ', 'From: ', '', 'Hello', '']));
    expect(bare.headers).toEqual({ subject: null, from: null, to: null, cc: null, replyTo: null });
  });

  it('names a listed attachment that has no name after its type, and leaves inline images nameless', async () => {
    const body = await parseBody(
      crlf([
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'See the invitation and the forwarded message.',
        '--b',
        'Content-Type: text/calendar; method=REQUEST',
        '',
        'BEGIN:VCALENDAR',
        'END:VCALENDAR',
        '--b',
        'Content-Type: message/rfc822',
        '',
        'Subject: inner',
        '',
        'Inner text',
        '--b',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment',
        '',
        'JVBERi0xLjQK',
        '--b',
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        '',
        'png',
        '--b--',
        '',
      ]),
    );
    expect(body.attachments.map((attachment) => attachment.filename)).toEqual([
      'invite.ics',
      'inner.eml',
      'attachment.pdf',
      '',
    ]);
  });

  it('lists a part whose Content-Type has no media type as bytes of unknown type, with its name', async () => {
    const body = await parseBody(
      crlf([
        'Subject: Photo',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'A photo of me.',
        '--b',
        'Content-Type: ; name="face.jpg"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="face.jpg"',
        '',
        '/9j/4AAQ',
        '--b',
        'Content-Type: ',
        'Content-Disposition: attachment',
        '',
        'no name either',
        '--b--',
        '',
      ]),
    );
    expect(body.text).toContain('A photo of me.');
    expect(body.attachments.map(({ filename, contentType }) => ({ filename, contentType }))).toEqual([
      { filename: 'face.jpg', contentType: 'application/octet-stream' },
      { filename: 'attachment', contentType: 'application/octet-stream' },
    ]);
  });

  it('shows the text of an alternative whose HTML shows no text (empty, or images only)', async () => {
    const alternative = (html: string) =>
      crlf([
        'Content-Type: multipart/alternative; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'The news in plain words.',
        '--b',
        'Content-Type: text/html',
        '',
        html,
        '--b--',
        '',
      ]);
    const imageOnly = await parseBody(
      alternative('<html><head><title>News</title></head><body><img src="https://x.test/a.png">&nbsp;</body></html>'),
    );
    expect(imageOnly.html).toBeNull();
    expect(imageOnly.text).toContain('The news in plain words.');
    expect((await parseBody(alternative(''))).html).toBeNull();
    expect((await parseBody(alternative('<p>The news, <b>richer</b>.</p>'))).html).toContain('richer');
  });

  it('takes the text of a long HTML-only message from its first 2 MB only', async () => {
    const row = '<p>Row of a very long newsletter</p>\r\n';
    const html = `<html><body><p>Opening words</p>\r\n${row.repeat(Math.ceil(8_000_000 / row.length))}</body></html>`;
    const body = await parseBody(crlf(['Subject: Long', 'Content-Type: text/html; charset=utf-8', '', html]));
    expect(body.html?.length).toBeGreaterThan(6_000_000);
    expect(body.snippet).toMatch(/^Opening words Row of a very long newsletter/);
    // Its rows turned to text, and no further than the first 2 MB of them.
    const rows = body.text?.split('Row of a very long newsletter').length ?? 0;
    expect(rows).toBeGreaterThan(1_000);
    expect(rows).toBeLessThan(2_000_000 / 30);
  });

  it('makes a snippet of the plain text', async () => {
    const body = await parseBody(crlf(['Subject: hi', '', 'Hello   there,', '', '  how are you?', '']));
    expect(body.text).toContain('Hello');
    expect(body.snippet).toBe('Hello there, how are you?');
    expect(body.html).toBeNull();
    expect(body.attachments).toEqual([]);
  });

  it('cuts long snippets', () => {
    expect(snippetOf('word '.repeat(100))).toHaveLength(200);
  });

  it('skips any amount of leading whitespace and collapses every run', () => {
    const text = `${' \n\t'.repeat(5_000)}first${'  \r\n'.repeat(3)}${'long'.repeat(60)} tail ${'x '.repeat(10_000)}`;
    expect(snippetOf(text)).toBe(text.replace(/\s+/g, ' ').trim().slice(0, 200));
    expect(snippetOf('  a \n b  ')).toBe('a b');
    expect(snippetOf(null)).toBe('');
  });
});

describe('signed and encrypted messages', () => {
  const corpus = (file: string) =>
    parseBody(new Uint8Array(readFileSync(new URL(`../../../e2e/corpus/${file}`, import.meta.url))));
  const smime = (smimeType: string | null) =>
    crlf([
      'From: ann@example.org',
      'Subject: Sealed',
      'MIME-Version: 1.0',
      `Content-Type: application/pkcs7-mime; name=smime.p7m${smimeType ? `; smime-type=${smimeType}` : ''}`,
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename=smime.p7m',
      '',
      'MIAGCSqGSIb3DQEHA6CAMIACAQAxggFAMIIBPAIBADAk',
    ]);

  it('finds PGP and S/MIME signatures in corpus messages, and keeps their text', async () => {
    const pgp = await corpus('ruby-mail/mime_emails--sig_only_email.eml');
    expect(pgp.protection).toEqual({ kind: 'signed', scheme: 'pgp' });
    expect(pgp.text).toContain('This is random text');
    const nested = await corpus('enmime/testdata--mail--mime-signed.raw');
    expect(nested.protection).toEqual({ kind: 'signed', scheme: 'pgp' });
    const signedSmime = await corpus('ruby-mail/mime_emails--raw_email2.eml');
    expect(signedSmime.protection).toEqual({ kind: 'signed', scheme: 'smime' });
    expect(signedSmime.text).toContain('We should not include these files');
    expect((await corpus('postal-mime/calendar-event.eml')).protection).toBeNull();
  });

  it('tells enveloped S/MIME and PGP/MIME encryption from signed-data', async () => {
    expect((await parseBody(smime('enveloped-data'))).protection).toEqual({ kind: 'encrypted', scheme: 'smime' });
    expect((await parseBody(smime(null))).protection).toEqual({ kind: 'encrypted', scheme: 'smime' });
    expect((await parseBody(smime('signed-data'))).protection).toEqual({ kind: 'signed', scheme: 'smime' });
    const pgp = crlf([
      'From: ann@example.org',
      'Subject: Sealed',
      'MIME-Version: 1.0',
      'Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"',
      '',
      '--b',
      'Content-Type: application/pgp-encrypted',
      '',
      'Version: 1',
      '--b',
      'Content-Type: application/octet-stream; name="encrypted.asc"',
      '',
      '-----BEGIN PGP MESSAGE-----',
      'hQEMA0',
      '-----END PGP MESSAGE-----',
      '--b--',
    ]);
    expect((await parseBody(pgp)).protection).toEqual({ kind: 'encrypted', scheme: 'pgp' });
  });

  it('keeps the text/calendar alternative of an invitation, not its attached copy', async () => {
    const body = await corpus('postal-mime/calendar-event.eml');
    expect(body.calendar).toMatch(/^BEGIN:VCALENDAR/u);
    expect(body.calendar).toContain('METHOD:REQUEST');
    expect((await corpus('ruby-mail/mime_emails--sig_only_email.eml')).calendar).toBeNull();
  });
});
