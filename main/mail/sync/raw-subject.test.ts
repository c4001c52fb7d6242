import { describe, expect, it } from 'vitest';
import { parseBody } from './parse-body';
import { rawSubjectText } from './raw-subject';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

// 提示 in GB2312, and 中文 in Big5.
const TISHI_GB2312 = [0xcc, 0xe1, 0xca, 0xbe];
const ZHONGWEN_BIG5 = [0xa4, 0xa4, 0xa4, 0xe5];

describe('a Subject in raw 8-bit bytes', () => {
  it('is read in the charset the message declares for its body', async () => {
    const source = bytes(
      'From: a@example.org\r\nSubject: ',
      TISHI_GB2312,
      '\r\n\t',
      TISHI_GB2312,
      '\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nbody\r\n',
    );
    expect(rawSubjectText(source, 'gb2312')).toBe(' 提示\t提示');
    expect((await parseBody(source)).headers?.subject).toBe('提示 提示');
  });

  it('takes the first Subject of duplicates, in Big5 when the body is Big5', async () => {
    const source = bytes(
      'Subject: ',
      ZHONGWEN_BIG5,
      '\nSubject: second\nContent-Type: text/html; charset=big5\n\n<p>x</p>\n',
    );
    expect((await parseBody(source)).headers?.subject).toBe('中文');
  });

  it('falls back to windows-1252 when no charset is declared or the bytes do not fit it', async () => {
    expect(rawSubjectText(bytes('Subject: Link Exchange', [0x85], '\n\nx'), undefined)).toBe(' Link Exchange…');
    expect(rawSubjectText(bytes('Subject: ', [0xb4], '!\n\nx'), 'utf-8')).toBe(' ´!');
    expect(rawSubjectText(bytes('Subject: caf', [0xe9], '\n\nx'), 'x-no-such-charset')).toBe(' café');
  });

  it("leaves UTF-8, plain ASCII and encoded words to the parser's reading", () => {
    expect(rawSubjectText(bytes('Subject: ', [...Buffer.from('Grüße')], '\n\nx'), 'iso-8859-1')).toBeNull();
    expect(rawSubjectText(bytes('Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n\nx'), undefined)).toBeNull();
    expect(rawSubjectText(bytes('From: a@example.org\n\nSubject: ', [0xe9], '\n'), undefined)).toBeNull();
  });
});
