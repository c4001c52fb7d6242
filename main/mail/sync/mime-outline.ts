// The MIME tree of a message read from its raw bytes: each part's type, parameters, disposition,
// IMAP part number and the byte ranges of its header and body. Nothing is decoded here: the parse
// function (whatever parser stands behind it) decodes the parts it is given. Used to decide what the
// reading pane shows where a parser flattens the tree (nested messages, reports, mixed text and HTML).
import { headerParams, decodedFilename } from './mime-params';

export interface MimePart {
  /** Lower case. A missing or malformed Content-Type is text/plain (RFC 2045 5.2), message/rfc822 in a digest. */
  type: string;
  params: Record<string, string>;
  /** An invalid disposition is ignored (RFC 2183), as if there were none. */
  disposition: 'inline' | 'attachment' | null;
  filename: string | null;
  transferEncoding: string;
  /** IMAP part number ("1", "2.1"); "" for the message itself. */
  part: string;
  /** The part's bytes: header and body. */
  raw: Uint8Array;
  /** The body alone, still transfer-encoded. */
  body: Uint8Array;
  children: MimePart[];
}

const MAX_DEPTH = 12;
const MAX_PARTS = 500;
const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/u;
const CRLF_CRLF = Buffer.from('\r\n\r\n');
const LF_LF = Buffer.from('\n\n');

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Where the header ends and the body starts (after the empty line); a part without one is all header. */
function headerEnd(bytes: Buffer): { header: number; body: number } {
  if (bytes[0] === 0x0a) return { header: 0, body: 1 };
  if (bytes[0] === 0x0d && bytes[1] === 0x0a) return { header: 0, body: 2 };
  const crlf = bytes.indexOf(CRLF_CRLF);
  const lf = bytes.indexOf(LF_LF);
  if (crlf < 0 && lf < 0) return { header: bytes.length, body: bytes.length };
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return { header: lf, body: lf + 2 };
  return { header: crlf, body: crlf + 4 };
}

/** The first occurrence of each header field, unfolded, by lower-case name. */
export function headerFields(header: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  let name: string | null = null;
  let value = '';
  const keep = () => {
    if (name !== null && !fields.has(name)) fields.set(name, value.trim());
  };
  for (const line of header.toString('latin1').split(/\r?\n/u)) {
    if (/^[ \t]/u.test(line) && name !== null) {
      value += ` ${line.trim()}`;
      continue;
    }
    keep();
    const colon = line.indexOf(':');
    name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : null;
    value = colon > 0 ? line.slice(colon + 1) : '';
  }
  keep();
  return fields;
}

function partOf(raw: Buffer, part: string, defaultType: string, depth: number, count: { parts: number }): MimePart {
  count.parts += 1;
  const ends = headerEnd(raw);
  const fields = headerFields(raw.subarray(0, ends.header));
  const contentType = headerParams(fields.get('content-type') ?? '');
  const type = TOKEN.test(contentType.value)
    ? contentType.value
    : fields.has('content-type')
      ? 'text/plain'
      : defaultType;
  const disposition = headerParams(fields.get('content-disposition') ?? '');
  const known = disposition.value === 'inline' || disposition.value === 'attachment' ? disposition.value : null;
  const node: MimePart = {
    type,
    params: contentType.params,
    disposition: known,
    filename: decodedFilename(disposition.params, 'filename') ?? decodedFilename(contentType.params, 'name'),
    transferEncoding: (fields.get('content-transfer-encoding') ?? '').trim().toLowerCase(),
    part,
    raw,
    body: raw.subarray(ends.body),
    children: [],
  };
  const boundary = contentType.params.boundary;
  if (type.startsWith('multipart/') && boundary && depth < MAX_DEPTH) {
    const childType = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    node.children = bodyParts(asBuffer(node.body), boundary).map((child, index) =>
      count.parts < MAX_PARTS
        ? partOf(child, part ? `${part}.${index + 1}` : String(index + 1), childType, depth + 1, count)
        : partOf(Buffer.alloc(0), '', 'text/plain', MAX_DEPTH, count),
    );
  }
  return node;
}

/**
 * The parts between the boundary's delimiter lines (RFC 2046 5.1.1): the preamble and epilogue are
 * dropped, and the line break before a delimiter belongs to it. A missing closing delimiter ends
 * the last part at the end of the body, as other readers do.
 */
function bodyParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const starts: { at: number; next: number; close: boolean }[] = [];
  for (let at = body.indexOf(delimiter); at >= 0; at = body.indexOf(delimiter, at + delimiter.length)) {
    const lineStart = at === 0 || body[at - 1] === 0x0a;
    if (!lineStart) continue;
    const lineEnd = body.indexOf(0x0a, at);
    // Only white space may follow on the line: `--b` is not a delimiter of `--b-1`.
    const rest = body.subarray(at + delimiter.length, lineEnd < 0 ? body.length : lineEnd).toString('latin1');
    if (!/^(?:--)?\s*$/u.test(rest)) continue;
    const close = rest.startsWith('--');
    starts.push({ at, next: lineEnd < 0 ? body.length : lineEnd + 1, close });
    if (close) break;
  }
  const parts: Buffer[] = [];
  for (let index = 0; index < starts.length; index += 1) {
    const start = starts[index]!;
    if (start.close) break;
    let end = starts[index + 1]?.at ?? body.length;
    if (index + 1 < starts.length) {
      if (body[end - 1] === 0x0a) end -= 1;
      if (body[end - 1] === 0x0d) end -= 1;
    }
    parts.push(body.subarray(start.next, Math.max(start.next, end)));
  }
  return parts;
}

/** The message's MIME tree; a multipart without its boundary in the body has no children. */
export function mimeOutline(source: Uint8Array): MimePart {
  return partOf(asBuffer(source), '', 'text/plain', 0, { parts: 0 });
}
