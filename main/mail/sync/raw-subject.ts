// A Subject written in raw 8-bit bytes, with no encoded words, is not UTF-8 in much older mail
// (GB2312, Big5, Latin-1 clients). mailparser reads header bytes as UTF-8 only, so every such
// byte became U+FFFD. Here the bytes are read again: in the charset the message declares for its
// body, else as windows-1252 (what a Latin-1 label means on the web and in most clients).
import { TextDecoder } from 'node:util';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Node's windows-1252 decoder reads 0x80-0x9F as C1 controls (Latin-1); these are their letters.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The first Subject header's raw value, unfolded; null when there is none. */
function rawSubjectBytes(source: Uint8Array): Buffer | null {
  const text = Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('latin1');
  const headerEnd = /\r?\n\r?\n/u.exec(text)?.index ?? text.length;
  const lines = text.slice(0, headerEnd).split(/\r?\n/u);
  const start = lines.findIndex((line) => /^subject[ \t]*:/iu.test(line));
  if (start < 0) return null;
  let value = lines[start]!.replace(/^subject[ \t]*:/iu, '');
  for (let next = start + 1; next < lines.length && /^[ \t]/u.test(lines[next]!); next += 1) value += lines[next];
  return Buffer.from(value, 'latin1');
}

function decoderFor(charset: string | undefined): TextDecoder {
  try {
    if (charset) return new TextDecoder(charset, { fatal: true });
  } catch {
    // A charset the platform does not know: fall through to windows-1252.
  }
  return new TextDecoder('windows-1252');
}

/**
 * The Subject decoded from its raw bytes when they are 8-bit and not UTF-8; null otherwise (the
 * parser's reading stands: ASCII with encoded words, or UTF-8 as RFC 6532 allows).
 */
export function rawSubjectText(source: Uint8Array, bodyCharset: string | undefined): string | null {
  const bytes = rawSubjectBytes(source);
  if (!bytes || !bytes.some((byte) => byte >= 0x80)) return null;
  try {
    utf8.decode(bytes);
    return null;
  } catch {
    // Not UTF-8: read in the declared charset below.
  }
  const decoded = (() => {
    const decoder = decoderFor(bodyCharset);
    try {
      const text = decoder.decode(bytes);
      if (decoder.encoding !== 'windows-1252') return text;
    } catch {
      // Bytes that do not fit the declared charset: windows-1252 below.
    }
    return new TextDecoder('windows-1252')
      .decode(bytes)
      .replace(/[\u0080-\u009f]/gu, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
  })();
  // Encoded words mixed with raw bytes are left to the parser's reading.
  return decoded.includes('=?') ? null : decoded;
}
