// Content-Type and Content-Disposition values: the lower-case value and its parameters, with
// RFC 2231 continuations and charsets and RFC 2047 encoded words in file names.
import { TextDecoder } from 'node:util';

export interface HeaderParams {
  value: string;
  params: Record<string, string>;
}

const PARAM = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)/gu;

function decode(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** RFC 2231 extended value: charset'language'percent-encoded bytes. */
function extendedValue(value: string): string {
  const found = /^([^']*)'[^']*'(.*)$/su.exec(value);
  const [charset, encoded] = found ? [found[1]!, found[2]!] : ['utf-8', value];
  const bytes = Buffer.from(
    encoded.replace(/%([0-9a-f]{2})/giu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return decode(bytes, charset);
}

export function headerParams(header: string): HeaderParams {
  const semicolon = header.indexOf(';');
  const value = (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const pieces = new Map<string, { index: number; text: string; extended: boolean }[]>();
  for (const [, rawName, rawValue] of (semicolon < 0 ? '' : header.slice(semicolon)).matchAll(PARAM)) {
    const text = rawValue!.trim().startsWith('"')
      ? rawValue!.trim().replace(/^"|"$/gu, '').replace(/\\(.)/gu, '$1')
      : rawValue!.trim();
    const name = rawName!.toLowerCase();
    const continued = /^(.+?)\*(\d+)(\*?)$/u.exec(name);
    if (continued) {
      const list = pieces.get(continued[1]!) ?? [];
      list.push({ index: Number(continued[2]), text, extended: continued[3] === '*' });
      pieces.set(continued[1]!, list);
    } else if (name.endsWith('*')) {
      params[name.slice(0, -1)] = extendedValue(text);
    } else if (!(name in params)) {
      params[name] = text;
    }
  }
  for (const [name, list] of pieces) {
    list.sort((a, b) => a.index - b.index);
    const joined = list.map((piece) => piece.text).join('');
    params[name] = list[0]!.extended ? extendedValue(joined) : joined;
  }
  return { value, params };
}

/** RFC 2047 encoded words (B and Q) in a parameter value, as many mailers write file names. */
function decodedWords(text: string): string {
  return text.replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([bq])\?([^?]*)\?=/giu, (...match) => {
    const [charset, kind, encoded] = (match[1] ? match.slice(1, 4) : match.slice(4, 7)) as string[];
    const bytes =
      kind!.toLowerCase() === 'b'
        ? Buffer.from(encoded!, 'base64')
        : Buffer.from(
            encoded!
              .replace(/_/gu, ' ')
              .replace(/=([0-9a-f]{2})/giu, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          );
    return decode(bytes, charset!.replace(/\*.*$/u, ''));
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Header bytes were read as Latin-1: a name in raw UTF-8 (RFC 6532) is read again as such. */
function raw8bit(value: string): string {
  if (!/[\u0080-\u00ff]/u.test(value)) return value;
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** A file name parameter, decoded and without any path; null when absent or empty. */
export function decodedFilename(params: Record<string, string>, key: string): string | null {
  const value = params[key];
  if (value === undefined) return null;
  const name = decodedWords(raw8bit(value))
    .replace(/^.*[\\/]/u, '')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return name || null;
}
