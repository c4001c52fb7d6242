import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { encodeHeaderText, type MailCharset } from './mail-charsets';
import { encodeBodyText, encodeQuotedPrintable, renderMessage, textPart, type TransferEncoding } from './mail-mime';

// Round trips through mailparser, an independent decoder: what we encode must come back as
// the exact text we started from, in every charset and transfer encoding the corpus uses.
const SAMPLES: Record<MailCharset, string> = {
  'us-ascii': 'Plain ASCII, with = signs and trailing spaces   \nand a second line.\n',
  'utf-8': 'Grüße aus München — 🎉 Привет, 日本語のテキスト.\n',
  'iso-8859-1': 'Größe, Çà et là, ñandú: ¿qué tal?\n',
  'windows-1252': 'L’œuvre coûte 12 000 € — “vraiment”.\n',
  'koi8-r': 'Съешь же ещё этих мягких французских булок.\n',
  'iso-2022-jp': 'お疲れ様です。\n来週の会議の資料を送ります。ABC\n',
};

const ENCODINGS: TransferEncoding[] = ['7bit', '8bit', 'quoted-printable', 'base64'];

function fits(charset: MailCharset, encoding: TransferEncoding): boolean {
  if (encoding === '7bit') return charset === 'us-ascii' || charset === 'iso-2022-jp';
  return true;
}

describe('MIME text parts', () => {
  for (const [charset, text] of Object.entries(SAMPLES) as Array<[MailCharset, string]>) {
    for (const encoding of ENCODINGS.filter((e) => fits(charset, e))) {
      it(`round-trips ${charset} as ${encoding}`, async () => {
        const bytes = encodeBodyText(text, charset);
        expect(bytes).not.toBeNull();
        const raw = renderMessage(
          [
            ['Subject', encodeHeaderText(text.split('\n')[0] ?? '', charset, charset === 'iso-2022-jp' ? 'B' : 'Q')],
            ['Message-ID', '<round-trip@harbor.test>'],
          ],
          textPart({ subtype: 'plain', bytes: bytes as Buffer, charset, encoding }),
        );
        const parsed = await simpleParser(raw);
        expect(parsed.text).toBe(text);
        expect(parsed.subject).toBe(text.split('\n')[0]?.trim());
      });
    }
  }

  it('refuses text a charset cannot hold', () => {
    expect(encodeBodyText('€', 'iso-8859-1')).toBeNull();
    expect(encodeBodyText('Привет', 'windows-1252')).toBeNull();
    expect(encodeBodyText('é', 'us-ascii')).toBeNull();
  });
});

describe('quoted-printable', () => {
  it('keeps lines within 76 characters and encodes whitespace before line ends', () => {
    const input = Buffer.from(`${'word '.repeat(40)}\r\n${'é'.repeat(60)} \r\nend\t`, 'utf8');
    const lines = encodeQuotedPrintable(input).toString('latin1').split('\r\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    expect(lines.some((line) => line.endsWith('=20'))).toBe(true);
    expect(lines.at(-1)).toBe('end=09');
  });
});
