// Every message of the public corpus (e2e/corpus: real and malformed mail from other mail
// software's test suites) appended to Dovecot, synced by the app's engine and opened through the
// contract: it opens without an engine error, with its subject and sender, no server placeholder
// address, no attachment listed without a name, the text the corpus expects, and that text's word
// found by search.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageDetail } from '../../shared/mail-models';
import type { AppServices } from '../stack/app-services';
import { phaseOf, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';

interface Expected {
  /** The subject as the first Subject header gives it, decoded. */
  subject: string;
  /** The first From address; empty when the message has none. */
  from: string;
  /** A word of the text the reading pane shows; null when the message has no text. */
  word: string | null;
}

const corpusDir = path.resolve(__dirname, '../corpus');
const expected = JSON.parse(readFileSync(path.join(corpusDir, 'expected.json'), 'utf8')) as Record<string, Expected>;
const files = readdirSync(corpusDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'licenses')
  .flatMap((entry) => readdirSync(path.join(corpusDir, entry.name)).map((file) => `${entry.name}/${file}`))
  .sort();

let world: AppWorld;
let app: AppServices;
let alice: StackUser;
const messageIds = new Map<string, number>();
// Corpus files that are one message by their identity (the same Message-ID, size, Date and sender:
// one file with CRLF and one with LF line ends, say) are one copy: search shows it once, by one row.
const contentOf = new Map<number, number>();

beforeAll(async () => {
  world = await startAppWorld({ name: 'corpus' });
  app = world.app;
  alice = world.stack.users[0]!;
  const token = await accessTokenFor(world.stack.auth, world.stack.ca, alice);
  const uids = new Map<number, string>();
  await withImap(imapClient(world.stack.dovecot, world.stack.ca, alice.email, token), async (client) => {
    for (const file of files) {
      const appended = await client.append('INBOX', readFileSync(path.join(corpusDir, file)));
      if (!appended || !appended.uid) throw new Error(`Dovecot gave no UID for ${file}`);
      uids.set(appended.uid, file);
    }
  });
  const accountId = await signIn(app, alice, false);
  // expect.poll belongs to tests: the first sync is awaited here by hand.
  for (const deadline = Date.now() + 180_000; (await phaseOf(app, accountId)) !== 'idle';) {
    if (Date.now() > deadline) throw new Error('the first sync of the corpus did not finish');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const store = new Database(path.join(world.stack.dir, 'corpus', 'harbor.db'), { readonly: true });
  try {
    const rows = store
      .prepare(
        "SELECT m.id, m.uid, m.content_id AS contentId FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.role = 'inbox' AND b.path = 'INBOX'",
      )
      .all() as { id: number; uid: number; contentId: number }[];
    for (const row of rows) {
      contentOf.set(row.id, row.contentId);
      const file = uids.get(row.uid);
      if (file) messageIds.set(file, row.id);
    }
  } finally {
    store.close();
  }
}, 240_000);

afterAll(() => world?.close());

// Messages that once showed no text, kept as regression cases: their only text sits inside a
// nested message/rfc822 part (shown as a quoted message with its headers), or in an inline text part
// that also has a file name (shown, and listed so it can be saved).
const nestedOnly: Record<string, { quoted: string; listedAs: string | null }> = {
  'cpython-email/msg_11.txt': { quoted: 'Subject: An enclosed message', listedAs: 'An enclosed message.eml' },
  'cpython-email/msg_28.txt': { quoted: 'From: cc@dd.org', listedAs: 'ee.eml' },
  'cpython-email/msg_46.txt': {
    quoted: 'From: Dr. Sender <sender@example.net>',
    listedAs: 'GroupwiseForwardingTest.eml',
  },
  'mime4j/bad-newlines-multiple-parts-base64.msg': { quoted: '> Text body', listedAs: null },
  'mime4j/base64encoded-rfc822message-nested.msg': {
    quoted: '> Subject: a simple rfc822 message encoded in a base64 body.',
    listedAs: 'a simple rfc822 message encoded in a base64 body.eml',
  },
  'mime4j/base64encoded-rfc822message.msg': { quoted: '> Text body', listedAs: null },
  'spamassassin/nice--mime8': {
    quoted: 'From: Nathaniel S. Borenstein <nsb@thumper.bellcore.com>',
    listedAs: 'A Multipart message.eml',
  },
};
const inlineTextFile = 'spamassassin/spam--extracttext--gtube_b64_oct.eml';

// Reports and messages with nested parts: the word must be in what the pane shows (the HTML when
// there is one), not only in the text kept for search.
const structured =
  /message\/(?:rfc822|global|delivery-status|disposition-notification|feedback-report)|multipart\/report/iu;
// Its word stands only in the text alternative (what search reads); the pane shows the HTML one.
const textAlternativeWord = 'mailparser/decoderended.eml';
const paneShows = (detail: MessageDetail): string =>
  detail.html !== null
    ? detail.html
        .replace(/<[^>]*>/gu, ' ')
        .replace(/&nbsp;|&#160;/gu, ' ')
        .replace(/&amp;/gu, '&')
    : (detail.text ?? '');

const placeholder = /MISSING_MAILBOX|MISSING_DOMAIN|SYNTAX_ERROR|INVALID_ADDRESS/u;
const shownText = (detail: MessageDetail): string =>
  `${detail.text ?? ''} ${(detail.html ?? '').replace(/<[^>]*>/gu, ' ')}`.replace(/&nbsp;|&#160;/gu, ' ');

it('holds every corpus file with what it is expected to show', () => {
  expect(files.length).toBeGreaterThanOrEqual(500);
  expect(Object.keys(expected).sort()).toEqual(files);
  expect([...Object.keys(nestedOnly), inlineTextFile].filter((file) => !files.includes(file))).toEqual([]);
});

it('lists every corpus message after the first sync', () => {
  expect(files.filter((file) => !messageIds.has(file))).toEqual([]);
});

it('opens every corpus message with its subject, sender and text, and finds its word', async () => {
  const failures: string[] = [];
  for (const file of files) {
    const id = messageIds.get(file);
    const want = expected[file]!;
    if (id === undefined) continue;
    let detail: MessageDetail;
    try {
      detail = await app.client.call('mail.open', { messageId: id });
    } catch (error) {
      failures.push(`${file}: does not open: ${(error as Error).message}`);
      continue;
    }
    const problems: string[] = [];
    if (detail.subject !== want.subject) problems.push(`subject ${JSON.stringify(detail.subject)}`);
    if (want.from && detail.from.address.toLowerCase() !== want.from.toLowerCase()) {
      problems.push(`sender ${JSON.stringify(detail.from.address)}`);
    }
    const addresses = [detail.from, ...detail.to, ...detail.cc, ...detail.replyTo];
    if (addresses.some((address) => placeholder.test(`${address.name} ${address.address}`))) {
      problems.push('a server placeholder address');
    }
    if (detail.attachments.some((attachment) => attachment.filename === '')) problems.push('a nameless attachment');
    if (want.word !== null) {
      if (!shownText(detail).includes(want.word)) problems.push(`text without ${JSON.stringify(want.word)}`);
      else if (
        file !== textAlternativeWord &&
        structured.test(readFileSync(path.join(corpusDir, file), 'latin1')) &&
        !paneShows(detail).includes(want.word)
      ) {
        problems.push(`the pane shows no ${JSON.stringify(want.word)}`);
      }
      const found = await app.client.call('mail.list', {
        view: { kind: 'search', query: `${want.word} ` },
        offset: 0,
        limit: 500,
      });
      if (!found.rows.some((row) => contentOf.get(row.id) === contentOf.get(id)))
        problems.push(`search for ${JSON.stringify(want.word)} misses it`);
    }
    if (problems.length > 0) failures.push(`${file}: ${problems.join('; ')}`);
  }
  expect(failures).toEqual([]);
}, 300_000);

it('shows nested messages quoted with their headers and names them after their subject', async () => {
  for (const [file, { quoted, listedAs }] of Object.entries(nestedOnly)) {
    const detail = await app.client.call('mail.open', { messageId: messageIds.get(file)! });
    expect(detail.text, file).toContain('---------- Attached message ----------');
    expect(detail.text, file).toContain(quoted);
    const names = detail.attachments.map((attachment) => attachment.filename);
    if (listedAs) expect(names, file).toContain(listedAs);
  }
});

it('shows an inline text file and lists it for saving', async () => {
  const detail = await app.client.call('mail.open', { messageId: messageIds.get(inlineTextFile)! });
  expect(detail.text).toContain('GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL');
  expect(detail.attachments).toEqual([expect.objectContaining({ filename: 'gtube.txt', contentType: 'text/plain' })]);
});

it('opens the corpus invitation as an event, and marks exactly the signed messages as signed', async () => {
  const opened = new Map<string, MessageDetail>();
  for (const file of files) {
    const id = messageIds.get(file);
    if (id !== undefined) opened.set(file, await app.client.call('mail.open', { messageId: id }));
  }
  const marked = [...opened].filter(([, detail]) => detail.protection !== null);
  expect(Object.fromEntries(marked.map(([file, detail]) => [file, detail.protection]))).toEqual({
    'cpython-email/msg_33.txt': { kind: 'signed', scheme: 'pgp' },
    'cpython-email/msg_45.txt': { kind: 'signed', scheme: 'pgp' },
    'enmime/testdata--mail--mime-signed.raw': { kind: 'signed', scheme: 'pgp' },
    'flanker/signed.eml': { kind: 'signed', scheme: 'smime' },
    'mimekit/openpgp--[Announce] GnuPG 2.1.20 released.eml': { kind: 'signed', scheme: 'pgp' },
    'mimekit/smime--thunderbird-signed.txt': { kind: 'signed', scheme: 'smime' },
    'postal-mime/mimetorture.eml': { kind: 'signed', scheme: 'pgp' },
    'ruby-mail/mime_emails--raw_email2.eml': { kind: 'signed', scheme: 'smime' },
    'ruby-mail/mime_emails--raw_email7.eml': { kind: 'signed', scheme: 'smime' },
    'ruby-mail/mime_emails--raw_email_with_nested_attachment.eml': { kind: 'signed', scheme: 'smime' },
    'ruby-mail/mime_emails--sig_only_email.eml': { kind: 'signed', scheme: 'pgp' },
  });
  // Signed mail keeps its text (the first test holds every message to its expected word);
  // flanker/signed.eml signs an application/plain part only, so it has none (its word is null).
  const withText = marked.filter(([file]) => expected[file]!.word !== null);
  expect(withText.map(([file]) => file)).not.toContain('flanker/signed.eml');
  expect(withText.length).toBe(marked.length - 1);
  expect(withText.every(([, detail]) => (detail.text ?? '').trim() !== '')).toBe(true);

  const events = [...opened].filter(([, detail]) => detail.event !== null);
  expect(events.map(([file]) => file)).toEqual(['postal-mime/calendar-event.eml']);
  const event = events[0]![1].event!;
  expect(event).toMatchObject({
    method: 'request',
    title: 'Test event ⏰',
    start: Date.UTC(2024, 3, 11, 8, 0),
    end: Date.UTC(2024, 3, 11, 9, 0),
    timeZone: 'Europe/Tallinn',
    cancelled: false,
  });
  expect(event.organizer?.address).toBe('andris@postalsys.com');
  // alice is not among its attendees (the invitation went to andris@ethereal.email).
  expect(event.attendees.some((attendee) => attendee.you)).toBe(false);
}, 120_000);
