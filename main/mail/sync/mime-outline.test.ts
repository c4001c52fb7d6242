import { describe, expect, it } from 'vitest';
import { mimeOutline, type MimePart } from './mime-outline';

const bytes = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));
const shape = (part: MimePart): unknown => ({
  type: part.type,
  part: part.part,
  ...(part.children.length ? { children: part.children.map(shape) } : {}),
});

describe('the MIME outline of a message', () => {
  it('numbers parts as IMAP does and tells a boundary from a longer one that starts with it', () => {
    const outline = mimeOutline(
      bytes([
        'Content-Type: multipart/mixed; boundary="--b"',
        '',
        'preamble',
        '----b',
        'Content-Type: multipart/alternative; boundary="--b-1"',
        '',
        '----b-1',
        'Content-Type: text/plain',
        '',
        'plain',
        '----b-1',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '----b-1--',
        '----b',
        'Content-Type: image/png; name="a.png"',
        "Content-Disposition: attachment; filename*=UTF-8''%C3%A9t%C3%A9.png",
        '',
        'AAAA',
        '----b--',
        'epilogue',
      ]),
    );
    expect(shape(outline)).toEqual({
      type: 'multipart/mixed',
      part: '',
      children: [
        {
          type: 'multipart/alternative',
          part: '1',
          children: [
            { type: 'text/plain', part: '1.1' },
            { type: 'text/html', part: '1.2' },
          ],
        },
        { type: 'image/png', part: '2' },
      ],
    });
    expect(new TextDecoder().decode(outline.children[0]!.children[0]!.body)).toBe('plain');
    expect(outline.children[1]).toMatchObject({ disposition: 'attachment', filename: 'été.png' });
  });

  it('reads a malformed type as text/plain, a headerless digest part as a message, and ignores a bad disposition', () => {
    const outline = mimeOutline(
      bytes([
        'Content-Type: multipart/digest; boundary=d',
        '',
        '--d',
        '',
        'Subject: first',
        '',
        'one',
        '--d',
        'Content-Type: text plain',
        'Content-Disposition: quoted-printable',
        '',
        'two',
        '--d--',
      ]),
    );
    expect(outline.children.map((part) => [part.type, part.disposition])).toEqual([
      ['message/rfc822', null],
      ['text/plain', null],
    ]);
  });

  it('ends the last part at the end of the message when the closing delimiter is missing', () => {
    const outline = mimeOutline(bytes(['Content-Type: multipart/mixed; boundary=x', '', '--x', '', 'cut short']));
    expect(outline.children.map((part) => new TextDecoder().decode(part.body))).toEqual(['cut short']);
  });
});
