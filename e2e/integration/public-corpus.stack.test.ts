// Every message of the public corpus (e2e/corpus: real and malformed mail from other mail
// software's test suites) appended to Dovecot, synced by the app's engine and opened through the
// contract: it opens without an engine error, with its subject and sender, no server placeholder
// address, no attachment listed without a name, the text the corpus expects, and that text's word
// found by search. Known failures, listed with their reason, must still fail.
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
        "SELECT m.id, m.uid FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.role = 'inbox' AND b.path = 'INBOX'",
      )
      .all() as { id: number; uid: number }[];
    for (const row of rows) {
      const file = uids.get(row.uid);
      if (file) messageIds.set(file, row.id);
    }
  } finally {
    store.close();
  }
}, 240_000);

afterAll(() => world?.close());

// Messages whose text the app does not show yet, each with why (also in e2e/corpus/README.md).
// Their expected entries say what a reader should show; the test fails if one of them starts to
// pass, so that it leaves this list.
const NESTED = 'the text of a message/rfc822 part is not shown (nested messages are listed as attachments)';
const knownFailures: Record<string, string> = {
  'cpython-email/msg_11.txt': NESTED,
  'cpython-email/msg_28.txt': NESTED,
  'cpython-email/msg_46.txt': NESTED,
  'mime4j/bad-newlines-multiple-parts-base64.msg': NESTED,
  'mime4j/base64encoded-rfc822message-nested.msg': NESTED,
  'mime4j/base64encoded-rfc822message.msg': NESTED,
  'spamassassin/nice--mime8': NESTED,
  'spamassassin/spam--extracttext--gtube_b64_oct.eml':
    'an inline text/plain part with a filename is listed as an attachment, not shown in the body',
};

const placeholder = /MISSING_MAILBOX|MISSING_DOMAIN|SYNTAX_ERROR|INVALID_ADDRESS/u;
const shownText = (detail: MessageDetail): string =>
  `${detail.text ?? ''} ${(detail.html ?? '').replace(/<[^>]*>/gu, ' ')}`.replace(/&nbsp;|&#160;/gu, ' ');

it('holds every corpus file with what it is expected to show', () => {
  expect(files.length).toBeGreaterThanOrEqual(500);
  expect(Object.keys(expected).sort()).toEqual(files);
  expect(Object.keys(knownFailures).filter((file) => !files.includes(file))).toEqual([]);
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
      const found = await app.client.call('mail.list', {
        view: { kind: 'search', query: `${want.word} ` },
        offset: 0,
        limit: 500,
      });
      if (!found.rows.some((row) => row.id === id)) problems.push(`search for ${JSON.stringify(want.word)} misses it`);
    }
    if (file in knownFailures) {
      if (problems.length === 0) failures.push(`${file}: passes now, take it off the known failures`);
    } else if (problems.length > 0) failures.push(`${file}: ${problems.join('; ')}`);
  }
  expect(failures).toEqual([]);
}, 300_000);

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
