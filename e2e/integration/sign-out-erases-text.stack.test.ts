// Sign-out and removal leave none of the account's mail in the database files: two accounts sync
// mail whose subjects, bodies, HTML, attachment names, inline images and drafts carry words found
// nowhere else; after alice signs out, the bytes of harbor.db, its WAL and its shared memory hold
// none of hers while carol's are all still there (the scan finds what is there), and after carol
// is removed none of hers either, with the app running and after it closed.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseOf, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import type { StackUser } from '../stack/types';

const worldName = 'erase-on-sign-out';
let world: AppWorld;
let alice: StackUser;
let carol: StackUser & { appPassword: string };

/** A word of 16 lower-case letters: the search index stores it as one term, found nowhere else. */
const distinctWord = () => [...randomBytes(16)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('');

interface Words {
  subject: string;
  body: string;
  html: string;
  attachmentName: string;
  inlineImage: string;
  longBody: string;
  draft: string;
}

const wordsOf = (): Words => ({
  subject: distinctWord(),
  body: distinctWord(),
  html: distinctWord(),
  attachmentName: distinctWord(),
  inlineImage: distinctWord(),
  longBody: distinctWord(),
  draft: distinctWord(),
});

/** Mail carrying the words: plain, HTML with an inline image and an attachment, and one long enough for overflow pages. */
function messagesWith(words: Words, to: StackUser): string[] {
  const head = (subject: string, minute: number, type: string) =>
    [
      'From: Dana Sender <dana@harbor.test>',
      `To: ${to.name} <${to.email}>`,
      `Subject: ${subject}`,
      `Date: Tue, 2 Sep 2025 09:${String(minute).padStart(2, '0')}:00 +0000`,
      `Message-ID: <${distinctWord()}@harbor.test>`,
      'MIME-Version: 1.0',
      `Content-Type: ${type}`,
    ].join('\r\n');
  const image = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from(`tEXt ${words.inlineImage} `)]);
  const filler = Array.from(
    { length: 40 },
    (_, index) =>
      `${head(`Tide note ${index} ${distinctWord()}`, 10 + index, 'text/plain; charset=utf-8')}\r\n\r\nHigh water at ${index} o'clock, ${distinctWord()} ${distinctWord()}.\r\n`,
  );
  return [
    `${head(`Mooring ${words.subject} renewal`, 1, 'text/plain; charset=utf-8')}\r\n\r\nThe berth ${words.body} is yours until May.\r\n`,
    [
      head('Harbour map', 2, 'multipart/mixed; boundary="outer"'),
      '',
      '--outer',
      'Content-Type: multipart/related; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>See the <b>${words.html}</b> pier:</p><img src="cid:map@harbor.test">`,
      '--inner',
      'Content-Type: image/png',
      'Content-ID: <map@harbor.test>',
      'Content-Disposition: inline; filename="map.png"',
      'Content-Transfer-Encoding: base64',
      '',
      image.toString('base64'),
      '--inner--',
      '--outer',
      `Content-Type: text/plain; name="${words.attachmentName}.txt"`,
      `Content-Disposition: attachment; filename="${words.attachmentName}.txt"`,
      '',
      'Tariffs attached.',
      '--outer--',
      '',
    ].join('\r\n'),
    `${head('Annual report', 3, 'text/plain; charset=utf-8')}\r\n\r\n${`Quay ledger line ${words.longBody} with figures.\r\n`.repeat(3000)}`,
    ...filler,
  ];
}

const storeFiles = () =>
  ['harbor.db', 'harbor.db-wal', 'harbor.db-shm'].map((name) => path.join(world.stack.dir, worldName, name));

/** Which of the words the database files hold, by their last 8 letters (the search index stores a term's prefix shared with the previous one only once). */
async function wordsInStore(words: Words): Promise<string[]> {
  const bytes = (await Promise.all(storeFiles().map((file) => readFile(file).catch(() => Buffer.of()))))
    .map((content) => content.toString('latin1'))
    .join('\n');
  return Object.entries(words)
    .filter(([, word]) => bytes.includes(word.slice(-8)))
    .map(([kind]) => kind);
}

const aliceWords = wordsOf();
const carolWords = wordsOf();
const everyKind = Object.keys(aliceWords).sort();

beforeAll(async () => {
  world = await startAppWorld({ name: worldName });
  alice = world.stack.users[0]!;
  const found = world.stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword) throw new Error('the default stack has carol with an app password');
  carol = { ...found, appPassword: found.appPassword };
  for (const [user, words] of [
    [alice, aliceWords],
    [carol, carolWords],
  ] as const) {
    for (const message of messagesWith(words, user))
      await world.stack.dovecot.doveadm(['save', '-u', user.email, '-m', 'INBOX'], message);
  }
}, 120_000);

afterAll(() => world?.close());

async function saveDraft(accountId: string, word: string): Promise<void> {
  const draft = await world.app.client.call('compose.start', { mode: 'new', accountId });
  await world.app.client.call('compose.save', {
    draftId: draft.id,
    to: [{ name: 'Dana Sender', address: 'dana@harbor.test' }],
    cc: [],
    bcc: [],
    subject: 'Berth question',
    text: `Is ${word} still free?`,
    html: null,
  });
}

describe('after sign-out and removal', () => {
  it('the database files hold none of the account’s mail, while the other account’s is all there', async () => {
    const { app } = world;
    const aliceId = await signIn(app, alice);
    const { accountId: carolId } = await app.client.call('auth.signInWithPassword', {
      email: carol.email,
      password: carol.appPassword,
      imap: { host: '127.0.0.1', port: world.stack.dovecot.imapPort, security: 'tls' },
    });
    await expect.poll(() => phaseOf(app, carolId), { timeout: 60_000 }).toBe('idle');
    await saveDraft(aliceId, aliceWords.draft);
    await saveDraft(carolId, carolWords.draft);
    // Every word reached the store (the inline image's bytes included): the scan sees what is there.
    const searched = (query: string, accountId: string) =>
      app.client.call('mail.list', { view: { kind: 'search', query, accountId } });
    expect((await searched(aliceWords.longBody, aliceId)).rows).toHaveLength(1);
    expect((await wordsInStore(aliceWords)).sort()).toEqual(everyKind);
    expect((await wordsInStore(carolWords)).sort()).toEqual(everyKind);

    await app.client.call('auth.signOut', { accountId: aliceId, unsent: 'discard' });
    expect(await wordsInStore(aliceWords)).toEqual([]);
    expect((await wordsInStore(carolWords)).sort()).toEqual(everyKind);
    expect((await searched(carolWords.body, carolId)).rows).toHaveLength(1);

    await app.client.call('auth.removeAccount', { accountId: carolId, unsent: 'discard' });
    expect(await wordsInStore(carolWords)).toEqual([]);

    const closed = app.close();
    app.close = () => closed;
    await closed;
    expect(await wordsInStore(aliceWords)).toEqual([]);
    expect(await wordsInStore(carolWords)).toEqual([]);
  }, 180_000);
});
