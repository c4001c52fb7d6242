// Attachment bytes that look like the real thing to a parser or a file sniffer: a PDF with
// header, objects and %%EOF; a PNG with valid chunk CRCs; a plain-text log. The bulk of them
// is sliced from two pools made once per generator (incompressible noise, log lines), so
// large attachments cost no per-byte random generation.
import { crc32 } from 'node:zlib';
import type { SeededRandom } from './mail-random';

export interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
  encoding: 'base64' | 'quoted-printable';
}

const POOL_BYTES = 1 << 20;

export class FillerPool {
  private readonly noisePool: Buffer;
  private readonly logPool: Buffer;

  constructor(random: SeededRandom) {
    this.noisePool = random.bytes(POOL_BYTES);
    this.logPool = logLines(random, POOL_BYTES);
  }

  /** `length` random bytes (at most 1 MiB) from a random offset; a view, not a copy. */
  noise(random: SeededRandom, length: number): Buffer {
    const size = Math.min(length, POOL_BYTES);
    const offset = random.int(0, POOL_BYTES - size);
    return this.noisePool.subarray(offset, offset + size);
  }

  /** About `length` bytes (at most 1 MiB) of whole CRLF-terminated log lines. */
  logText(random: SeededRandom, length: number): Buffer {
    const size = Math.min(length, POOL_BYTES / 2 - 1024);
    const from = this.logPool.indexOf('\n', random.int(0, POOL_BYTES / 2)) + 1;
    const to = this.logPool.indexOf('\n', from + size) + 1;
    return this.logPool.subarray(from, to);
  }
}

const PDF_NAMES = ['report', 'invoice', 'Präsentation Q3', 'contract-signed', 'minutes', 'floor plan', 'Отчёт'];
const IMAGE_NAMES = ['photo', 'screenshot', 'diagram', 'IMG_4021', 'whiteboard', 'scan'];
const TEXT_NAMES = ['build-log', 'notes', 'export', 'server', 'readme'];

function pdf(random: SeededRandom, pool: FillerPool, size: number): Buffer {
  const streamBytes = Math.max(0, size - 600);
  const head = Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n' +
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n' +
      `4 0 obj\n<< /Length ${streamBytes} /Filter /FlateDecode >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from(
    '\nendstream\nendobj\n' +
      `xref\n0 5\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /ID [<${random.hex(32)}>] >>\n` +
      'startxref\n0\n%%EOF\n',
    'latin1',
  );
  return Buffer.concat([head, pool.noise(random, streamBytes), tail]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(header.subarray(4))), 0);
  return Buffer.concat([header, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(random: SeededRandom, pool: FillerPool, size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(random.int(320, 1920), 0);
  ihdr.writeUInt32BE(random.int(240, 1080), 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filter, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', pool.noise(random, Math.max(0, size - 57))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const LOG_LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const LOG_EVENTS = [
  'processed batch {n} in {ms} ms',
  'connection from 192.0.2.{b} accepted',
  'cache miss for key user:{n}',
  'retrying upload, attempt {b}',
  'request GET /api/messages/{n} 200 {ms}ms',
  'scheduled job cleanup finished',
];

function logLines(random: SeededRandom, size: number): Buffer {
  const lines: string[] = [];
  let length = 0;
  let seconds = random.int(1_700_000_000, 1_750_000_000);
  while (length < size + 200) {
    seconds += random.int(0, 9);
    const event = random
      .pick(LOG_EVENTS)
      .replace('{n}', String(random.int(1, 99999)))
      .replace('{ms}', String(random.int(1, 900)))
      .replace('{b}', String(random.int(1, 254)));
    const line = `${new Date(seconds * 1000).toISOString()} ${random.pick(LOG_LEVELS)} worker[${random.int(1, 16)}]: ${event}`;
    lines.push(line);
    length += line.length + 2;
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

type AttachmentKind = 'pdf' | 'png' | 'txt';

export function makeAttachment(random: SeededRandom, pool: FillerPool, kind: AttachmentKind, size: number): Attachment {
  switch (kind) {
    case 'pdf':
      return {
        filename: `${random.pick(PDF_NAMES)}.pdf`,
        contentType: 'application/pdf',
        data: pdf(random, pool, size),
        encoding: 'base64',
      };
    case 'png':
      return {
        filename: `${random.pick(IMAGE_NAMES)}.png`,
        contentType: 'image/png',
        data: png(random, pool, size),
        encoding: 'base64',
      };
    case 'txt':
      return {
        filename: `${random.pick(TEXT_NAMES)}.txt`,
        contentType: 'text/plain',
        data: pool.logText(random, size),
        encoding: random.chance(0.5) ? 'quoted-printable' : 'base64',
      };
  }
}

/** One to three attachments whose encoded size adds up to roughly `encodedBytes`. */
export function attachmentsOfSize(random: SeededRandom, pool: FillerPool, encodedBytes: number): Attachment[] {
  const count = random.int(1, 3);
  const rawEach = Math.floor((encodedBytes * 0.74) / count);
  const out: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.weighted<AttachmentKind>([
      ['pdf', 5],
      ['png', 4],
      ['txt', 2],
    ]);
    out.push(makeAttachment(random, pool, kind, rawEach));
  }
  return out;
}
