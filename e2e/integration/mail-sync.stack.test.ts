import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NewMail, SyncStatus } from '../../shared/mail-models';
import { openImapSession, type ImapLogin } from '../../main/mail/imap-session';
import type { MailWriter } from '../../main/mail/store/mail-store-types';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore, type TestStore } from '../../main/mail/store/mail-store.test-support';
import { createAccountSync, type AccountSync, type AccountSyncOptions } from '../../main/mail/sync/account-sync';
import { LARGE_WITH_ATTACHMENTS_BYTES } from '../../main/mail/sync/body-sources';
import { fillHeaders, type HeaderFillReport } from '../../main/mail/sync/header-fill';
import { createHeaderFillThread } from '../../main/mail/sync/header-fill-thread';
import { parseBody } from '../../main/mail/sync/parse-body';
import { startMailStack } from '../stack/mail-stack';
import { seedUsers } from '../stack/seed-mailboxes';
import { accessTokenFor, imapClient } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

let stack: MailStack;
let alice: StackUser;
let accessToken: string;
let other: ImapFlow;
const running: AccountSync[] = [];
const stores: TestStore[] = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  alice = stack.users[0] as StackUser;
  await seedUsers(stack.dovecot, [alice], { perUser: 150, seed: 7 });
  accessToken = await accessTokenFor(stack.auth, stack.ca, alice);
  other = imapClient(stack.dovecot, stack.ca, alice.email, accessToken);
  other.on('error', () => undefined);
  await other.connect();
});

afterAll(async () => {
  for (const store of stores) store.close();
  await other?.logout().catch(() => undefined);
  await stack?.close();
});

afterEach(async () => {
  for (const sync of running.splice(0)) await sync.stop();
});

const aliceLogin = (): ImapLogin => ({
  endpoint: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
  email: alice.email,
  accessToken,
});
const stackTrust = () => ({ extraCa: [stack.ca.caPem] });
const connect = () => openImapSession(aliceLogin(), stackTrust(), { qresync: true });

interface Harness {
  sync: AccountSync;
  writer: MailWriter;
  store: TestStore;
  statuses: SyncStatus[];
  changed: number[][];
  newMail: Omit<NewMail, 'accountId'>[];
  /** Resolves at a status with this phase, counting those from status number `from` on (default: the next). */
  reaches(phase: SyncStatus['phase'], from?: number): Promise<void>;
}

function newStore(): TestStore {
  const store = openTestStore();
  stores.push(store);
  return store;
}

function startSync(store = newStore(), extra: Partial<AccountSyncOptions> = {}): Harness {
  const writer = createMailWriter(store.db);
  const statuses: SyncStatus[] = [];
  const changed: number[][] = [];
  const newMail: Omit<NewMail, 'accountId'>[] = [];
  const waiters: { phase: SyncStatus['phase']; resolve: () => void }[] = [];
  const sync = createAccountSync({
    accountId: store.accountId,
    connect,
    writer,
    parseBody,
    onStatus: (status) => {
      statuses.push(status);
      for (const waiter of waiters.filter((w) => w.phase === status.phase)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    onChanged: (ids) => changed.push(ids),
    onNewMail: (mail) => newMail.push(mail),
    random: () => 0,
    ...extra,
  });
  running.push(sync);
  const reaches = (phase: SyncStatus['phase'], from = statuses.length) =>
    new Promise<void>((resolve, reject) => {
      if (statuses.slice(from).some((status) => status.phase === phase)) return resolve();
      const timer = setTimeout(() => reject(new Error(`no '${phase}' within 30 s`)), 30_000);
      waiters.push({ phase, resolve: () => (clearTimeout(timer), resolve()) });
    });
  return { sync, writer, store, statuses, changed, newMail, reaches };
}

async function stopSync(harness: Harness): Promise<void> {
  running.splice(running.indexOf(harness.sync), 1);
  await harness.sync.stop();
}

type FolderContent = Record<string, [number, string[]][]>;

async function serverContent(): Promise<FolderContent> {
  const content: FolderContent = {};
  for (const folder of await other.list()) {
    if (folder.flags.has('\\Noselect')) continue;
    const lock = await other.getMailboxLock(folder.path);
    try {
      const rows: [number, string[]][] = [];
      if ((other.mailbox || { exists: 0 }).exists > 0) {
        for await (const message of other.fetch('1:*', { uid: true, flags: true }, { uid: true })) {
          rows.push([message.uid, [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort()]);
        }
      }
      content[folder.path] = rows.sort((a, b) => a[0] - b[0]);
    } finally {
      lock.release();
    }
  }
  return content;
}

function storeContent(harness: Harness): FolderContent {
  const content: FolderContent = {};
  const rowsOf = harness.store.db.prepare<[number], { uid: number; flags: string }>(
    'SELECT uid, flags FROM messages WHERE mailbox_id = ? ORDER BY uid',
  );
  for (const mailbox of harness.writer.mailboxes(harness.store.accountId)) {
    if (!mailbox.selectable) continue;
    content[mailbox.path] = rowsOf
      .all(mailbox.id)
      .map((row) => [row.uid, (JSON.parse(row.flags) as string[]).sort()] as [number, string[]]);
  }
  return content;
}

const pick = <T>(items: T[], count: number): T[] =>
  [...items].sort(() => Math.random() - 0.5).slice(0, Math.min(count, items.length));

async function randomChanges(): Promise<void> {
  const appended = new Set<number>();
  for (let i = 0; i < 4; i++) {
    const result = await other.append(
      'INBOX',
      `Subject: appended ${i}\r\nFrom: Zed <zed@example.org>\r\n\r\nbody ${i}\r\n`,
      [],
    );
    if (result && result.uid) appended.add(result.uid);
  }
  expect(appended.size).toBe(4);
  let lock = await other.getMailboxLock('INBOX');
  try {
    const uids = (await other.search({ all: true }, { uid: true })) || [];
    await other.messageFlagsAdd(pick(uids, 6).join(','), ['\\Flagged', '$Work'], { uid: true });
    await other.messageFlagsRemove(pick(uids, 6).join(','), ['\\Seen'], { uid: true });
    // Not the appended ones: all four must arrive in the Inbox as new mail.
    const older = uids.filter((uid) => !appended.has(uid));
    await other.messageMove(pick(older, 3).join(','), 'Archive', { uid: true });
  } finally {
    lock.release();
  }
  lock = await other.getMailboxLock('Sent');
  try {
    const uids = (await other.search({ all: true }, { uid: true })) || [];
    await other.messageDelete(pick(uids, 2).join(','), { uid: true });
  } finally {
    lock.release();
  }
}

describe('the account sync against Dovecot', () => {
  let firstStore: TestStore;

  it('stores every folder on the first sync, newest Inbox page first, then bodies', async () => {
    const harness = startSync();
    firstStore = harness.store;
    await harness.reaches('idle');
    expect(storeContent(harness)).toEqual(await serverContent());

    const inbox = harness.writer.mailboxes(harness.store.accountId).find((m) => m.role === 'inbox');
    expect(inbox).toMatchObject({ syncedDownToUid: 1, uidNext: expect.any(Number), highestModseq: expect.any(Number) });
    const phases = harness.statuses.map((s) => s.phase);
    expect(phases.indexOf('newest')).toBeLessThan(phases.indexOf('headers'));
    expect(phases.indexOf('headers')).toBeLessThan(phases.indexOf('bodies'));
    expect(harness.changed[0]).toEqual([inbox?.id]);
    for (const mailbox of harness.writer.mailboxes(harness.store.accountId)) {
      expect(harness.writer.uidsWithoutBody(mailbox.id, 10)).toEqual([]);
    }
    expect(harness.newMail).toEqual([]);
    await stopSync(harness);
  });

  it('catches up with changes another client made (appends, flags, moves, expunges)', async () => {
    await randomChanges();
    const harness = startSync(firstStore);
    await harness.reaches('idle');
    expect(storeContent(harness)).toEqual(await serverContent());
    expect(harness.newMail).toEqual([
      expect.objectContaining({ count: 4, latest: { from: 'Zed', subject: 'appended 3' } }),
    ]);

    const restarted = performance.now();
    await stopSync(harness);
    const again = startSync(firstStore);
    await again.reaches('idle');
    expect(again.statuses.map((s) => s.phase)).toEqual(['connecting', 'folders', 'idle']);
    expect(performance.now() - restarted).toBeLessThan(5_000);
  });

  it('shows mail delivered while idle within seconds and tells of it', async () => {
    const harness = startSync(firstStore);
    await harness.reaches('idle');
    const sent = Date.now();
    await other.append('INBOX', 'Subject: live one\r\nFrom: Lou <lou@example.org>\r\n\r\nhello\r\n', []);
    await expect.poll(() => harness.newMail.length, { timeout: 5_000, interval: 50 }).toBe(1);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(harness.newMail[0]).toEqual({ count: 1, latest: { from: 'Lou', subject: 'live one' } });
    expect(storeContent(harness)).toEqual(await serverContent());

    // Flag changes and expunges seen while idle are applied too.
    const lock = await other.getMailboxLock('INBOX');
    try {
      const uids = (await other.search({ all: true }, { uid: true })) || [];
      await other.messageFlagsAdd(uids.slice(0, 3).join(','), ['\\Flagged'], { uid: true });
      await other.messageDelete(uids.slice(-2).join(','), { uid: true });
    } finally {
      lock.release();
    }
    const server = await serverContent();
    await expect.poll(() => storeContent(harness).INBOX, { timeout: 5_000, interval: 50 }).toEqual(server.INBOX);
  });

  it('resumes after the server drops the connection mid-sync, nothing missing, nothing twice', async () => {
    const harness = startSync(newStore(), { headerBatchSize: 20, newestPageSize: 10 });
    await harness.reaches('headers');
    const kicked = harness.statuses.length;
    const filling = harness.statuses.at(-1)?.folderId;
    await stack.dovecot.doveadm(['kick', alice.email]);
    await harness.reaches('offline', kicked);
    await harness.reaches('idle', kicked);
    const offline = harness.statuses.find((s) => s.phase === 'offline');
    expect(offline).toMatchObject({ message: expect.any(String), retryAt: expect.any(Number) });
    // The interrupted folder resumes its fill: its newest page is not fetched again.
    expect(harness.statuses.slice(kicked).filter((s) => s.phase === 'newest' && s.folderId === filling)).toEqual([]);
    other.close();
    other = imapClient(stack.dovecot, stack.ca, alice.email, accessToken);
    other.on('error', () => undefined);
    await other.connect();
    expect(storeContent(harness)).toEqual(await serverContent());
  });

  it('rebuilds a folder whose UIDVALIDITY changed', async () => {
    const harness = startSync(firstStore);
    await harness.reaches('idle');
    const archiveBefore = harness.writer.mailboxes(firstStore.accountId).find((m) => m.path === 'Archive');
    await stopSync(harness);

    await other.mailboxDelete('Archive');
    await other.mailboxCreate('Archive');
    for (let i = 0; i < 3; i++) await other.append('Archive', `Subject: kept ${i}\r\n\r\nx\r\n`, ['\\Seen']);

    const again = startSync(firstStore);
    await again.reaches('idle');
    const archiveAfter = again.writer.mailboxes(firstStore.accountId).find((m) => m.path === 'Archive');
    expect(archiveAfter?.uidValidity).not.toBe(archiveBefore?.uidValidity);
    expect(storeContent(again)).toEqual(await serverContent());
    expect(storeContent(again).Archive).toHaveLength(3);
  });

  it("reports only the pass's own progress while a watched folder syncs on its session", async () => {
    const harness = startSync(newStore(), { newestPageSize: 5, headerBatchSize: 2 });
    await harness.reaches('newest');
    const mailboxes = harness.writer.mailboxes(harness.store.accountId);
    const inbox = mailboxes.find((mailbox) => mailbox.role === 'inbox')!;
    const sent = mailboxes.find((mailbox) => mailbox.role === 'sent')!;
    harness.sync.watchFolder(sent.id);
    await harness.reaches('idle');

    // While the pass fills the Inbox, every progress report is the Inbox's, with its own figures.
    const progress = harness.statuses.filter((status) => status.phase === 'newest' || status.phase === 'headers');
    const lastInbox = progress.map((status) => status.folderId).lastIndexOf(inbox.id);
    expect(progress.slice(0, lastInbox + 1).every((status) => status.folderId === inbox.id)).toBe(true);
    expect(storeContent(harness)).toEqual(await serverContent());
  });
});

describe('large header fills on a thread of their own', () => {
  const fills = createHeaderFillThread();
  afterAll(() => fills.close());

  /** Fills through the worker with alice's login; `before` sees each report first and may delay or refuse it. */
  const fillElsewhere = (before: (part: HeaderFillReport) => void | Promise<void>) =>
    ((fill, onReport) => {
      return fills.fill({ ...fill, login: aliceLogin(), trust: stackTrust() }, async (part) => {
        await before(part);
        onReport(part);
      });
    }) satisfies AccountSyncOptions['fillHeaders'];

  it('stores what the worker read, batch by batch, and the store equals the server', async () => {
    const counted = { records: 0, batches: 0 };
    let prepared = 0;
    const options = {
      headerBatchSize: 20,
      newestPageSize: 10,
      fillHeaders: fillElsewhere((part) => {
        counted.records += part.records.length;
        if (part.batchDone !== null) counted.batches += 1;
      }),
      prepareFillHeaders: () => void prepared++,
    };
    const harness = startSync(newStore(), options);
    await harness.reaches('idle');
    // Told once, after LIST saw the Inbox's fill ahead; a sync with nothing to fill does not tell.
    expect(prepared).toBe(1);
    await stopSync(harness);
    const again = startSync(harness.store, options);
    await again.reaches('idle');
    expect(prepared).toBe(1);
    expect(storeContent(harness)).toEqual(await serverContent());
    const inbox = harness.writer.mailboxes(harness.store.accountId).find((m) => m.role === 'inbox');
    const inboxCount = harness.writer.storedUids(inbox!.id).length;
    // Every Inbox header but the newest page came from the worker, and each batch was recorded.
    expect(counted.records).toBeGreaterThanOrEqual(inboxCount - 10);
    expect(counted.batches).toBeGreaterThanOrEqual(Math.ceil((inboxCount - 10) / 20));
    expect(inbox).toMatchObject({ syncedDownToUid: 1 });
  });

  it('stops at the next report when the sync stops, not at the end of the folder', async () => {
    // Each report takes 500 ms here: the Inbox's 14 batches would take 7 s.
    const slowReports = fillElsewhere(() => new Promise((resolve) => setTimeout(resolve, 500)));
    const harness = startSync(newStore(), { headerBatchSize: 10, newestPageSize: 10, fillHeaders: slowReports });
    await harness.reaches('headers');
    const stopping = performance.now();
    await stopSync(harness);
    expect(performance.now() - stopping).toBeLessThan(2_000);
  });

  it('ends a fill whose report was refused with that refusal, while the next batch was being read', async () => {
    const status = await other.status('INBOX', { uidValidity: true });
    if (!status) throw new Error('no STATUS for the Inbox');
    const fill = {
      path: 'INBOX',
      uidValidity: Number(status.uidValidity),
      batches: ['1:50', '51:*'],
      below: 1_000_000,
    };
    let reports = 0;
    const refusing = fillHeaders({ ...fill, login: aliceLogin(), trust: stackTrust() }, async () => {
      reports += 1;
      throw new Error('refused');
    });
    await expect(refusing).rejects.toThrow('refused');
    expect(reports).toBe(1);
  });

  it('fetches on its own session what a failed fill did not finish: nothing missing, nothing twice', async () => {
    let reports = 0;
    const harness = startSync(newStore(), {
      headerBatchSize: 20,
      newestPageSize: 10,
      fillHeaders: fillElsewhere(() => {
        if (++reports > 3) throw new Error('the store went away');
      }),
    });
    await harness.reaches('idle');
    expect(reports).toBe(4);
    expect(storeContent(harness)).toEqual(await serverContent());
    expect(harness.statuses.some((status) => status.phase === 'offline')).toBe(false);
  });
});

describe('bodies without the attachments the store does not keep', () => {
  const pdf = randomBytes(300_000);
  const logo = randomBytes(2_000);
  let raw: Buffer;

  beforeAll(async () => {
    raw = await new MailComposer({
      from: 'Reports <reports@example.org>',
      to: alice.email,
      subject: 'Quarterly report attached',
      text: 'The figures are in the attached report.',
      html: '<p>The figures are in the attached report.</p><img src="cid:logo@example.org">',
      attachments: [
        { filename: 'logo.png', content: logo, contentType: 'image/png', cid: 'logo@example.org' },
        { filename: 'report.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'notes.txt', content: 'notes kept on the server\n', contentDisposition: 'attachment' },
      ],
    })
      .compile()
      .build();
    await other.mailboxCreate('Reports');
    await other.append('Reports', raw, ['\\Seen']);
  });

  const stored = (harness: Harness) => {
    const reports = harness.writer.mailboxes(harness.store.accountId).find((m) => m.path === 'Reports')!;
    const row = harness.store.db
      .prepare<[number], { id: number; uid: number; text: string; html: string }>(
        'SELECT m.id, m.uid, b.text, b.html FROM messages m JOIN bodies b ON b.message_id = m.id WHERE m.mailbox_id = ?',
      )
      .get(reports.id)!;
    const attachments = harness.store.db
      .prepare<[number], { filename: string; size: number; part: string; content: Buffer | null }>(
        'SELECT filename, size, part, content FROM attachments WHERE message_id = ? ORDER BY filename',
      )
      .all(row.id);
    return { reports, row, attachments };
  };

  /** Every large message with attachments of the seeded mailbox reads as it does when parsed whole. */
  const expectSameAsWholeParse = async (harness: Harness) => {
    const large = harness.store.db
      .prepare<[number], { path: string; uid: number; text: string | null; html: string | null }>(
        `SELECT f.path, m.uid, b.text, b.html FROM messages m JOIN mailboxes f ON f.id = m.mailbox_id
           JOIN bodies b ON b.message_id = m.id WHERE m.has_attachments = 1 AND m.size >= ?`,
      )
      .all(LARGE_WITH_ATTACHMENTS_BYTES);
    expect(large.length).toBeGreaterThan(1);
    for (const message of large) {
      const lock = await other.getMailboxLock(message.path);
      try {
        const fetched = await other.fetchOne(String(message.uid), { source: true }, { uid: true });
        const whole = await parseBody(fetched ? fetched.source! : Buffer.alloc(0));
        expect({ text: message.text, html: message.html }).toEqual({ text: whole.text, html: whole.html });
      } finally {
        lock.release();
      }
    }
  };

  it('stores text, HTML and the inline image without fetching the attachments, which download whole on demand', async () => {
    const parsedSizes: number[] = [];
    const harness = startSync(newStore(), {
      parseBody: (source) => {
        if (Buffer.from(source).includes('Quarterly report attached')) parsedSizes.push(source.byteLength);
        return parseBody(source);
      },
    });
    await harness.reaches('idle');
    const whole = await parseBody(raw);
    const { reports, row, attachments } = stored(harness);

    expect(row.text).toBe(whole.text);
    expect(row.html).toBe(whole.html);
    expect(raw.byteLength).toBeGreaterThan(400_000);
    expect(parsedSizes).toHaveLength(1);
    expect(parsedSizes[0]).toBeLessThan(20_000);
    expect(attachments.map(({ filename, part }) => [filename, part])).toEqual(
      whole.attachments.map(({ filename, part }) => [filename, part]).sort(),
    );
    const [logoRow, notesRow, pdfRow] = attachments;
    expect(logoRow?.content).toEqual(logo);
    expect(notesRow?.content).toBeNull();
    expect(pdfRow?.content).toBeNull();
    expect(Math.abs(pdfRow!.size - pdf.byteLength) / pdf.byteLength).toBeLessThan(0.01);
    expect(Buffer.from(await harness.sync.fetchPart(reports.id, row.uid, pdfRow!.part))).toEqual(pdf);

    await expectSameAsWholeParse(harness);

    harness.store.db.prepare('UPDATE messages SET has_body = 0 WHERE id = ?').run(row.id);
    parsedSizes.length = 0;
    await harness.sync.fetchBody(reports.id, row.uid);
    expect(parsedSizes).toHaveLength(1);
    expect(parsedSizes[0]).toBeLessThan(20_000);
    expect(stored(harness).row.html).toBe(whole.html);
  });
});
