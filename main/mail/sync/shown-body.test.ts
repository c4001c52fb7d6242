import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';

const crlf = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

const forwarded = (inner: string[]) =>
  crlf([
    'From: Ann <ann@example.org>',
    'Subject: Fwd: Plans',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'See below, Bob.',
    '--outer',
    'Content-Type: message/rfc822',
    '',
    ...inner,
    '--outer--',
    '',
  ]);

describe('what the reading pane shows of nested messages, reports and inline text files', () => {
  it('shows the top text first, then a nested message quoted with its headers, named after its subject', async () => {
    const body = await parseBody(
      forwarded([
        'From: Carol <carol@example.org>',
        'To: Ann <ann@example.org>, dave@example.org',
        'Date: Tue, 2 Dec 2025 10:00:00 +0100',
        'Subject: Plans',
        '',
        'Meet at nine.',
        'Bring the maps.',
      ]),
    );
    expect(body.text).toBe(
      [
        'See below, Bob.',
        '',
        '---------- Attached message ----------',
        '> From: Carol <carol@example.org>',
        '> Date: Tue, 2 Dec 2025 10:00:00 +0100',
        '> Subject: Plans',
        '> To: Ann <ann@example.org>, dave@example.org',
        '>',
        '> Meet at nine.',
        '> Bring the maps.',
      ].join('\n'),
    );
    expect(body.html).toMatch(
      /^<div style="white-space: pre-wrap">See below, Bob\.<\/div>\n<blockquote type="cite"[^>]*><table role="presentation"[^>]*><tr><th[^>]*>From:<\/th><td[^>]*>Carol &lt;carol@example.org&gt;<\/td><\/tr>/u,
    );
    expect(body.html).toContain('<div style="white-space: pre-wrap">Meet at nine.\nBring the maps.</div></blockquote>');
    expect(body.snippet).toMatch(/^See below, Bob\. ---------- Attached message/u);
    expect(body.attachments).toEqual([
      expect.objectContaining({ filename: 'Plans.eml', contentType: 'message/rfc822' }),
    ]);
  });

  it('keeps the top text beside a nested message that has HTML, and quotes the nested HTML', async () => {
    const body = await parseBody(
      forwarded([
        'From: Carol <carol@example.org>',
        'Subject: <Plans> & more',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Meet at <b>nine</b>.</p>',
      ]),
    );
    expect(body.html).toContain('<div style="white-space: pre-wrap">See below, Bob.</div>');
    expect(body.html).toMatch(/<blockquote type="cite"[^>]*>.*From:<\/th><td[^>]*>Carol &lt;carol@example.org&gt;/su);
    expect(body.html).toContain('&lt;Plans&gt; &amp; more');
    expect(body.html).toContain('<p>Meet at <b>nine</b>.</p></blockquote>');
    expect(body.text).toContain('See below, Bob.');
    expect(body.text).toContain('> Meet at nine.');
  });

  it('links web addresses of a text piece in the HTML, and escapes the rest', async () => {
    const body = await parseBody(
      forwarded(['Subject: Map', '', 'The map: https://maps.example.org/harbour?x=1&y=2. <b>not bold</b>']),
    );
    expect(body.html).toContain(
      'The map: <a href="https://maps.example.org/harbour?x=1&amp;y=2">https://maps.example.org/harbour?x=1&amp;y=2</a>. &lt;b&gt;not bold&lt;/b&gt;',
    );
  });

  it('shows a report: its human-readable HTML and its delivery status, which the HTML alone would hide', async () => {
    const body = await parseBody(
      crlf([
        'Subject: Undeliverable',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        '',
        '--r',
        'Content-Type: multipart/alternative; boundary="a"',
        '',
        '--a',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--a',
        'Content-Type: text/html',
        '',
        '<p>Your message could not be <b>delivered</b>.</p>',
        '--a--',
        '--r',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.org',
        '',
        'Final-Recipient: rfc822; nobody@example.org',
        'Status: 5.1.1',
        '--r--',
        '',
      ]),
    );
    expect(body.html).toContain('<p>Your message could not be <b>delivered</b>.</p>');
    expect(body.html).toContain('Final-Recipient: rfc822; nobody@example.org');
    expect(body.text).toBe(
      'Your message could not be delivered.\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; nobody@example.org\nStatus: 5.1.1',
    );
  });

  it('shows inline text files and lists them with their part number, as text or as octet-stream with a text name', async () => {
    const body = await parseBody(
      crlf([
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'Logs attached.',
        '--b',
        'Content-Type: text/plain; charset=utf-8; name="build.log"',
        'Content-Disposition: inline; filename="build.log"',
        '',
        'build failed at step 3',
        '--b',
        'Content-Type: application/octet-stream; name="notes.txt"',
        'Content-Disposition: inline; filename="notes.txt"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('remember the milk').toString('base64'),
        '--b--',
        '',
      ]),
    );
    expect(body.text).toBe('Logs attached.\n\nbuild failed at step 3\n\nremember the milk');
    expect(body.attachments.map(({ filename, contentType, part }) => ({ filename, contentType, part }))).toEqual(
      expect.arrayContaining([
        { filename: 'build.log', contentType: 'text/plain', part: '2' },
        { filename: 'notes.txt', contentType: 'text/plain', part: '3' },
      ]),
    );
    expect(body.attachments).toHaveLength(2);
  });

  it('shows a message that is only a base64-encoded nested message', async () => {
    const inner = ['Subject: Inside', 'Content-Type: text/plain', '', 'Deep text'].join('\r\n');
    const body = await parseBody(
      crlf([
        'Subject: Outside',
        'Content-Type: message/rfc822',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(inner).toString('base64'),
        '',
      ]),
    );
    expect(body.text).toBe('---------- Attached message ----------\n> Subject: Inside\n>\n> Deep text');
  });

  it('shows nested messages three deep and leaves deeper ones listed', async () => {
    let message = ['Subject: level 5', '', 'bottom'];
    for (let level = 4; level >= 0; level -= 1) {
      message = [`Subject: level ${level}`, 'Content-Type: message/rfc822', '', ...message];
    }
    const body = await parseBody(crlf(message));
    expect(body.text).toContain('> > > Subject: level 3');
    expect(body.text).not.toContain('level 4');
  });
});
