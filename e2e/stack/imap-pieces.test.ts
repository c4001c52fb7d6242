import { describe, expect, it } from 'vitest';
import { createImapSplitter, type ImapPiece } from './imap-pieces.test-support';

const stream = 'a1 APPEND INBOX {12+}\r\nhello\r\nworld\r\n* 1 FETCH (BODY[] {3}\r\nabc)\r\na2 OK done\r\n';

type Seen = { kind: ImapPiece['kind']; text: string; continues?: boolean; offset?: number; size?: number };

function split(chunks: string[]): Seen[] {
  const pieces: Seen[] = [];
  const feed = createImapSplitter(({ bytes, ...piece }) => pieces.push({ ...piece, text: bytes.toString('latin1') }));
  for (const chunk of chunks) feed(Buffer.from(chunk, 'latin1'));
  return pieces;
}

describe('the IMAP stream splitter', () => {
  it('tells lines from literals, and the line that goes on after a literal', () => {
    expect(split([stream])).toEqual([
      { kind: 'line', text: 'a1 APPEND INBOX {12+}\r\n', continues: false },
      { kind: 'literal', text: 'hello\r\nworld', offset: 0, size: 12 },
      { kind: 'line', text: '\r\n', continues: true },
      { kind: 'line', text: '* 1 FETCH (BODY[] {3}\r\n', continues: false },
      { kind: 'literal', text: 'abc', offset: 0, size: 3 },
      { kind: 'line', text: ')\r\n', continues: true },
      { kind: 'line', text: 'a2 OK done\r\n', continues: false },
    ]);
  });

  it('gives the same bytes whatever the chunks, lines whole and literals as they come', () => {
    const byteAtATime = split([...stream]);
    expect(byteAtATime.map((piece) => piece.text).join('')).toBe(stream);
    expect(byteAtATime.filter((piece) => piece.kind === 'line').map((piece) => piece.text)).toEqual(
      split([stream])
        .filter((piece) => piece.kind === 'line')
        .map((piece) => piece.text),
    );
    const literal = byteAtATime.filter((piece) => piece.kind === 'literal' && piece.size === 12);
    expect(literal.map((piece) => piece.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
