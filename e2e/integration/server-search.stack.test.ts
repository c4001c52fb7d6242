import type { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/store/database';
import { openImapSession, type ImapLogin } from '../../main/mail/imap-session';
import {
  defaultServerSearchLimits,
  searchAccountOnServer,
  type AccountServerSearch,
} from '../../main/mail/search/search-account-on-server';
import { parseSearchTerms } from '../../main/mail/search/search-terms';
import { createMailReader } from '../../main/mail/store/mail-reader';
import type { MailWriter } from '../../main/mail/store/mail-store-types';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore, type TestStore } from '../../main/mail/store/mail-store.test-support';
import { toServerMailbox } from '../../main/mail/sync/server-mailboxes';
import { startMailStack } from '../stack/mail-stack';
import { seedUsers } from '../stack/seed-mailboxes';
import { accessTokenFor, imapClient } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

// "Search on server" against Dovecot: a store that knows the folders but none of the messages
// (as before a sync reached them), and messages put on the server past the app.

let stack: MailStack;
let alice: StackUser;
let accessToken: string;
let other: ImapFlow;
let store: TestStore;
let writer: MailWriter;
let readerDb: Db;
const opened: ImapFlow[] = [];

const word = 'quillfeather';
const oldMinutes = (messageId: string) =>
  [
    'From: Zoë Keller <zoe@finance.test>',
    'To: alice@harbor.test',
    'Subject: Minutes of the 2019 board meeting',
    `Message-ID: <${messageId}>`,
    'Date: Tue, 5 Mar 2019 10:00:00 +0000',
    '',
    `The ${word} contract was signed.`,
    '',
  ].join('\r\n');

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  alice = stack.users[0] as StackUser;
  await seedUsers(stack.dovecot, [alice], { perUser: 60, seed: 3 });
  accessToken = await accessTokenFor(stack.auth, stack.ca, alice);
  other = imapClient(stack.dovecot, stack.ca, alice.email, accessToken);
  other.on('error', () => undefined);
  await other.connect();
  // One message in two folders (a copy), a second in Archive alone, and one each in Trash and Junk.
  await other.append('Archive', oldMinutes('minutes-2019@finance.test'), ['\\Seen']);
  await other.append('INBOX', oldMinutes('minutes-2019@finance.test'), ['\\Seen']);
  await other.append('Archive', oldMinutes('minutes-2019-annex@finance.test').replace('Minutes', 'Annex to minutes'), [
    '\\Seen',
  ]);
  await other.append('Trash', oldMinutes('minutes-trashed@finance.test'), ['\\Seen']);
  await other.append('Junk', oldMinutes('minutes-junk@finance.test'), ['\\Seen']);
});

afterAll(async () => {
  await other?.logout().catch(() => undefined);
  await stack?.close();
});

beforeEach(async () => {
  store = openTestStore();
  writer = createMailWriter(store.db);
  writer.syncMailboxes(store.accountId, (await other.list()).map(toServerMailbox));
  readerDb = openDatabase(store.file);
});

afterEach(() => {
  for (const session of opened.splice(0)) session.close();
  readerDb.close();
  store.close();
});

const login = (): ImapLogin => ({
  endpoint: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
  email: alice.email,
  accessToken,
});
const connect = async () => {
  const session = await openImapSession(login(), { extraCa: [stack.ca.caPem] });
  opened.push(session);
  return session;
};

function search(query: string, extra: Partial<AccountServerSearch> = {}) {
  return searchAccountOnServer({
    accountId: store.accountId,
    connect,
    writer,
    terms: parseSearchTerms(query),
    query,
    limits: defaultServerSearchLimits,
    signal: new AbortController().signal,
    ...extra,
  });
}

const pathOf = (mailboxId: number) => writer.mailbox(mailboxId)!.path;
const found = (answer: Awaited<ReturnType<typeof search>>) =>
  Object.fromEntries(
    answer.hits.filter((hit) => hit.uids.length).map((hit) => [pathOf(hit.mailboxId), hit.uids.length]),
  );
const outcomes = (answer: Awaited<ReturnType<typeof search>>) =>
  Object.fromEntries(answer.folders.map((folder) => [pathOf(folder.folderId), folder.outcome]));
const idsOf = (answer: Awaited<ReturnType<typeof search>>) =>
  answer.hits.flatMap(({ mailboxId, uids }) =>
    store.db
      .prepare<[number, string], number>(
        'SELECT id FROM messages WHERE mailbox_id = ? AND uid IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .all(mailboxId, JSON.stringify(uids)),
  );

describe('search on server against Dovecot', () => {
  it('finds a word in every folder but Trash and Junk, stores the headers, and lists each message once', async () => {
    const answer = await search(word);

    expect(found(answer)).toEqual({ INBOX: 1, Archive: 2 });
    expect(outcomes(answer)).toEqual({
      INBOX: 'searched',
      Sent: 'searched',
      Drafts: 'searched',
      Archive: 'searched',
      Trash: 'left-out',
      Junk: 'left-out',
    });
    expect(answer.unreachable).toBeNull();
    // Stored as headers (the body is fetched on opening), so the normal reader lists and opens them.
    const reader = createMailReader(readerDb);
    const page = reader.list({ kind: 'search', query: word, serverHits: idsOf(answer) }, 0, 50);
    expect(page.rows.map((row) => [row.subject, row.foundBy]).sort()).toEqual([
      ['Annex to minutes of the 2019 board meeting', 'server'],
      ['Minutes of the 2019 board meeting', 'server'],
    ]);
    expect(page.rows.every((row) => !reader.hasBody(row.id))).toBe(true);
  });

  it('searches from:, to: and subject: as FROM, TO and SUBJECT, not as text', async () => {
    expect(found(await search('from:zoe@finance.test subject:annex'))).toEqual({ Archive: 1 });
    expect(found(await search(`from:${word}`))).toEqual({});
    expect(found(await search(`to:alice@harbor.test ${word}`))).toEqual({ INBOX: 1, Archive: 2 });
    expect(found(await search(`subject:${word}`))).toEqual({});
    expect(found(await search(`${word} is:unread`))).toEqual({});
  });

  it('searches Trash and Junk when asked for', async () => {
    expect(found(await search(`${word} in:trash`))).toEqual({ Trash: 1 });
    expect(outcomes(await search(`${word} in:junk`))).toEqual({ Junk: 'searched', Trash: 'left-out' });
    expect(found(await search(`${word} in:anywhere`))).toEqual({ INBOX: 1, Archive: 2, Trash: 1, Junk: 1 });
  });

  it('lists the newest matches of a folder up to its cap and counts the rest', async () => {
    const answer = await search(word, { limits: { ...defaultServerSearchLimits, perFolderCap: 1 } });
    const archive = answer.folders.find((folder) => pathOf(folder.folderId) === 'Archive')!;
    expect(archive).toMatchObject({ outcome: 'capped', found: 2 });
    expect(found(answer)).toEqual({ INBOX: 1, Archive: 1 });
    expect(writer.storedUids(archive.folderId)).toHaveLength(1);
  });

  it('gives up a folder past its time limit and goes on with the next on a new session', async () => {
    let sessions = 0;
    const answer = await search(word, {
      limits: { ...defaultServerSearchLimits, folderTimeoutMs: 1_500 },
      connect: async () => {
        const session = await connect();
        sessions++;
        // Sent's SEARCH never answers on the first session.
        if (sessions === 1) {
          const real = session.search.bind(session);
          session.search = (async (...args: Parameters<ImapFlow['search']>) =>
            session.mailbox && session.mailbox.path === 'Sent' ? new Promise(() => undefined) : real(...args)) as never;
        }
        return session;
      },
    });
    expect(outcomes(answer)).toMatchObject({
      INBOX: 'searched',
      Sent: 'timed-out',
      Drafts: 'searched',
      Archive: 'searched',
    });
    expect(found(answer)).toEqual({ INBOX: 1, Archive: 2 });
    expect(sessions).toBe(2);
    expect(opened[0]!.usable).toBe(false);
  });

  it('stops when cancelled, closing its session, and lists nothing it had not reached', async () => {
    const cancel = new AbortController();
    const answer = await search(word, {
      signal: cancel.signal,
      connect: async () => {
        const session = await connect();
        session.search = (() => {
          cancel.abort();
          return new Promise(() => undefined);
        }) as never;
        return session;
      },
    });
    expect(Object.values(outcomes(answer))).toEqual(expect.arrayContaining(['not-reached']));
    expect(answer.folders.filter((folder) => folder.outcome === 'searched')).toEqual([]);
    expect(opened[0]!.usable).toBe(false);
  });
});
