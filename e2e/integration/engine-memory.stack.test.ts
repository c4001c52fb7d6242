import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/database';
import { openBenchMailbox, type BenchMailbox } from '../bench/bench-mailbox';
import { buildBenchBundles } from '../bench/bench-bundles';
import { runEngineSync } from '../bench/engine-sync-run';

// The engine as the app bundles it, in a process of its own so that its RSS is the app's main side
// (UI thread, engine worker, parse pool), on ten legitimate 20 MB messages of the three shapes
// people receive: a large attachment, a long HTML newsletter, a long plain-text log.
const MB = 1024 * 1024;
const MESSAGE_BYTES = 20 * MB;
const IDLE_AFTER_MS = 30_000;
let box: BenchMailbox;

function lines(text: string, width = 76): string {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += width) out.push(text.slice(at, at + width));
  return out.join('\r\n');
}

function header(index: number, contentType: string): string {
  return [
    'From: Big Sender <big@example.net>',
    'To: carol@example.test',
    `Subject: Large message ${index}`,
    `Date: ${new Date(Date.UTC(2026, 10, 1 + index)).toUTCString()}`,
    `Message-ID: <large-${index}@example.net>`,
    'MIME-Version: 1.0',
    contentType,
  ].join('\r\n');
}

function withAttachment(index: number): string {
  const boundary = `b-${index}`;
  const data = lines(randomBytes((MESSAGE_BYTES * 3) / 4 - 64 * 1024).toString('base64'));
  return [
    header(index, `Content-Type: multipart/mixed; boundary="${boundary}"`),
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `The scan of contract ${index} is attached.`,
    `--${boundary}`,
    `Content-Type: application/pdf; name="scan-${index}.pdf"`,
    `Content-Disposition: attachment; filename="scan-${index}.pdf"`,
    'Content-Transfer-Encoding: base64',
    '',
    data,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

function longHtml(index: number): string {
  const row = `<tr><td>Item ${index}</td><td>Ordinary newsletter text that goes on and on</td></tr>\r\n`;
  const body = `<html><body><table>\r\n${row.repeat(Math.floor(MESSAGE_BYTES / row.length))}</table></body></html>`;
  return [header(index, 'Content-Type: text/html; charset=utf-8'), '', body, ''].join('\r\n');
}

function longText(index: number): string {
  const line = `2026-11-0${index % 9} 12:00:00 service ${index} wrote one more line of its log\r\n`;
  const body = line.repeat(Math.floor(MESSAGE_BYTES / line.length));
  return [header(index, 'Content-Type: text/plain; charset=utf-8'), '', body, ''].join('\r\n');
}

beforeAll(async () => {
  await buildBenchBundles();
  box = await openBenchMailbox(0, { keyring: false });
  const client = await box.connect();
  try {
    const shapes = [withAttachment, longHtml, longText];
    for (let index = 0; index < 10; index++) {
      await client.append('INBOX', Buffer.from((shapes[index % 3] as (index: number) => string)(index)), ['\\Seen']);
    }
  } finally {
    await client.logout();
  }
}, 180_000);

afterAll(async () => {
  await box?.close();
});

describe('the bundled engine on ten 20 MB messages', () => {
  it('stores all ten, peaks under 600 MB and is back under 300 MB when idle', async () => {
    const store = box.newStore();
    const result = await runEngineSync({
      ...store,
      email: box.email,
      password: box.password,
      imap: box.imap,
      caPem: box.stack.ca.caPem,
      messages: 10,
      idleAfterMs: IDLE_AFTER_MS,
    });
    process.stderr.write(
      `ten 20 MB messages: peak ${result.peakRssMb.toFixed(0)} MB, idle ${result.idleRssMb?.toFixed(0)} MB\n`,
    );
    const db = openDatabase(store.databaseFile);
    try {
      const bodies = db.prepare<[], number>('SELECT sum(has_body) FROM messages').pluck().get();
      expect(bodies).toBe(10);
    } finally {
      db.close();
    }
    expect(result.peakRssMb).toBeLessThan(600);
    expect(result.idleRssMb).toBeLessThan(300);
  }, 240_000);
});
