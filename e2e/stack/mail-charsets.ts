// Encoding text into the legacy charsets real mailboxes still contain, and RFC 2047 encoded
// words in those charsets. Node encodes only UTF-8 and Latin-1; the KOI8-R and ISO-2022-JP
// encoders here are built once by inverting TextDecoder, windows-1252 from its 27 extra
// characters.
import { encodeWords as encodeUtf8Words } from 'nodemailer/lib/mime-funcs';

export type MailCharset = 'us-ascii' | 'utf-8' | 'iso-8859-1' | 'windows-1252' | 'koi8-r' | 'iso-2022-jp';

/** The spelling used in Content-Type parameters and encoded words. */
export const CHARSET_LABEL: Record<MailCharset, string> = {
  'us-ascii': 'us-ascii',
  'utf-8': 'UTF-8',
  'iso-8859-1': 'ISO-8859-1',
  'windows-1252': 'windows-1252',
  'koi8-r': 'KOI8-R',
  'iso-2022-jp': 'ISO-2022-JP',
};

const ESC_JIS_X_0208 = Buffer.from([0x1b, 0x24, 0x42]); // ESC $ B
const ESC_ASCII = Buffer.from([0x1b, 0x28, 0x42]); // ESC ( B

/** Code unit -> byte (or two-byte JIS code), -1 where the charset has no encoding. */
type EncodeTable = Int32Array;

const tables = new Map<MailCharset, EncodeTable>();

function emptyTable(): EncodeTable {
  const table = new Int32Array(0x10000).fill(-1);
  for (let code = 0; code < 0x80; code++) table[code] = code;
  return table;
}

/** windows-1252 bytes 0x80-0x9F (Node's TextDecoder decodes that range as Latin-1 controls). */
const WINDOWS_1252_HIGH: ReadonlyArray<readonly [byte: number, code: number]> = [
  [0x80, 0x20ac],
  [0x82, 0x201a],
  [0x83, 0x0192],
  [0x84, 0x201e],
  [0x85, 0x2026],
  [0x86, 0x2020],
  [0x87, 0x2021],
  [0x88, 0x02c6],
  [0x89, 0x2030],
  [0x8a, 0x0160],
  [0x8b, 0x2039],
  [0x8c, 0x0152],
  [0x8e, 0x017d],
  [0x91, 0x2018],
  [0x92, 0x2019],
  [0x93, 0x201c],
  [0x94, 0x201d],
  [0x95, 0x2022],
  [0x96, 0x2013],
  [0x97, 0x2014],
  [0x98, 0x02dc],
  [0x99, 0x2122],
  [0x9a, 0x0161],
  [0x9b, 0x203a],
  [0x9c, 0x0153],
  [0x9e, 0x017e],
  [0x9f, 0x0178],
];

function singleByteTable(charset: 'iso-8859-1' | 'windows-1252' | 'koi8-r'): EncodeTable {
  let table = tables.get(charset);
  if (table) return table;
  table = emptyTable();
  if (charset === 'koi8-r') {
    const decoder = new TextDecoder('koi8-r');
    for (let byte = 0x80; byte <= 0xff; byte++) {
      const code = decoder.decode(Uint8Array.of(byte)).charCodeAt(0);
      if (code !== 0xfffd && table[code] === -1) table[code] = byte;
    }
  } else {
    // Latin-1 without the C1 controls; windows-1252 puts printable characters there instead.
    for (let code = 0xa0; code <= 0xff; code++) table[code] = code;
    if (charset === 'windows-1252') for (const [byte, code] of WINDOWS_1252_HIGH) table[code] = byte;
  }
  tables.set(charset, table);
  return table;
}

/** Code unit -> JIS X 0208 code (row << 8 | cell), built by decoding every row and cell. */
function jisX0208Table(): EncodeTable {
  let table = tables.get('iso-2022-jp');
  if (table) return table;
  const pairs: number[] = [];
  for (let row = 0x21; row <= 0x7e; row++) {
    for (let cell = 0x21; cell <= 0x7e; cell++) pairs.push(row, cell);
  }
  const decoded = new TextDecoder('iso-2022-jp').decode(Buffer.concat([ESC_JIS_X_0208, Buffer.from(pairs), ESC_ASCII]));
  if (decoded.length !== pairs.length / 2) throw new Error('unexpected ISO-2022-JP decoder output');
  table = new Int32Array(0x10000).fill(-1);
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if (code >= 0x80 && code !== 0xfffd && table[code] === -1) {
      table[code] = ((pairs[2 * i] as number) << 8) | (pairs[2 * i + 1] as number);
    }
  }
  tables.set('iso-2022-jp', table);
  return table;
}

function isAscii(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}

function encodeSingleByte(text: string, table: EncodeTable): Buffer | null {
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = table[text.charCodeAt(i)] as number;
    if (byte < 0) return null;
    out[i] = byte;
  }
  return out;
}

/** Every line starts and ends in ASCII mode, as RFC 1468 asks. */
function encodeIso2022Jp(text: string): Buffer | null {
  const table = jisX0208Table();
  // Worst case: an escape sequence before every character.
  const out = Buffer.allocUnsafe(text.length * 5 + 3);
  let at = 0;
  let jisMode = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (jisMode) {
        at += ESC_ASCII.copy(out, at);
        jisMode = false;
      }
      out[at++] = code;
      continue;
    }
    const jis = table[code] as number;
    if (jis < 0) return null;
    if (!jisMode) {
      at += ESC_JIS_X_0208.copy(out, at);
      jisMode = true;
    }
    out[at++] = jis >> 8;
    out[at++] = jis & 0xff;
  }
  if (jisMode) at += ESC_ASCII.copy(out, at);
  return out.subarray(0, at);
}

/** The text in `charset`, or null when a character has no encoding there. */
export function encodeText(text: string, charset: MailCharset): Buffer | null {
  switch (charset) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'us-ascii':
      return isAscii(text) ? Buffer.from(text, 'latin1') : null;
    case 'iso-8859-1':
    case 'windows-1252':
    case 'koi8-r':
      return encodeSingleByte(text, singleByteTable(charset));
    case 'iso-2022-jp':
      return encodeIso2022Jp(text);
  }
}

const Q_LITERAL = /[A-Za-z0-9!*+\-/]/;

function qEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (byte === 0x20) out += '_';
    else if (byte < 0x80 && Q_LITERAL.test(ch)) out += ch;
    else out += '=' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * A header value as RFC 2047 encoded words in `charset` ('Q' or 'B'); ASCII text stays as is.
 * Text that `charset` cannot hold falls back to UTF-8.
 */
export function encodeHeaderText(text: string, charset: MailCharset, mode: 'Q' | 'B'): string {
  if (isAscii(text)) return text;
  if (charset === 'utf-8' || charset === 'us-ascii' || encodeText(text, charset) === null) {
    return encodeUtf8Words(text, mode, 52);
  }
  // Short chunks keep each encoded word under 75 characters; every chunk is self-contained
  // (an ISO-2022-JP chunk returns to ASCII at its end).
  const chunkLength = charset === 'iso-2022-jp' ? 8 : 14;
  const label = CHARSET_LABEL[charset];
  const words: string[] = [];
  for (let start = 0; start < text.length; start += chunkLength) {
    const bytes = encodeText(text.slice(start, start + chunkLength), charset) as Buffer;
    const encoded = mode === 'B' ? bytes.toString('base64') : qEncode(bytes);
    words.push(`=?${label}?${mode}?${encoded}?=`);
  }
  return words.join(' ');
}
