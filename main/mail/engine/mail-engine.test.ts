import type { ImapFlow } from 'imapflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createMailWriter } from '../store/mail-writer';
import { openTestStore, standardMailboxes, type TestStore } from '../store/mail-store.test-support';
import type { EngineAccount, EngineHandlers } from './engine-api';
import { createDraftRepository } from '../compose/draft-repository';
import { createOutboxRepository } from '../outbox/outbox-repository';
import { createMailEngine } from './mail-engine';

/** Logins the engine asked for, each held open until the test ends it. */
function heldLogins() {
  const pending: { port: number; fail: () => void }[] = [];
  const asked: number[] = [];
  return {
    asked,
    pendingPorts: () => pending.map((login) => login.port),
    connect: (account: EngineAccount) =>
      new Promise<ImapFlow>((_resolve, reject) => {
        asked.push(account.imap.port);
        const login = {
          port: account.imap.port,
          fail: () => {
            pending.splice(pending.indexOf(login), 1);
            reject(new AppError('CONNECTION_FAILED', 'The mail server cannot be reached right now.'));
          },
        };
        pending.push(login);
      }),
    failAll: () => [...pending].forEach((login) => login.fail()),
    fail: (port: number) => pending.find((login) => login.port === port)?.fail(),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the mail engine', () => {
  let store: TestStore;
  let logins: ReturnType<typeof heldLogins>;
  let engine: EngineHandlers;
  const log: string[] = [];
  const account = (port: number): EngineAccount => ({
    id: store.accountId,
    email: 'alice@harbor.test',
    authKind: 'oauth',
    imap: { host: '127.0.0.1', port, security: 'tls' },
  });

  beforeEach(() => {
    store = openTestStore();
    logins = heldLogins();
    engine = createMailEngine({
      db: store.db,
      writer: createMailWriter(store.db),
      connect: logins.connect,
      trust: { extraCa: [] },
      parseBody: async () => {
        throw new Error('no bodies in this test');
      },
      notify: () => undefined,
      log: (line) => log.push(line),
      outbox: {
        submit: async () => {
          throw new AppError('CONNECTION_FAILED', 'no SMTP in this test');
        },
        rateLimit: { messages: 30, perSeconds: 60 },
      },
    });
  });
  afterEach(async () => {
    logins.failAll();
    await engine.close({});
    logins.failAll();
    store.close();
  });

  it('applies one change of accounts at a time: a sync never starts while the one it replaces stops', async () => {
    await engine.setAccounts({ accounts: [account(1001)] });
    await settle();
    expect(logins.pendingPorts()).toEqual([1001]);

    // Two changes in a row while the first sync is still logging in.
    const second = engine.setAccounts({ accounts: [account(1002)] });
    const third = engine.setAccounts({ accounts: [account(1003)] });
    await settle();
    expect(logins.asked).toEqual([1001]);

    logins.fail(1001);
    await second;
    await settle();
    expect(logins.pendingPorts()).toEqual([1002]);
    logins.fail(1002);
    await third;
    await settle();
    expect(logins.pendingPorts()).toEqual([1003]);
    expect(logins.asked).toEqual([1001, 1002, 1003]);
  });

  it('keeps the folder shown live when the account syncs again (after "sign in again")', async () => {
    const archive = createMailWriter(store.db)
      .syncMailboxes(store.accountId, standardMailboxes)
      .find((mailbox) => mailbox.role === 'archive')!;
    await engine.setAccounts({ accounts: [account(1001)] });
    await engine.watchFolder({ accountId: store.accountId, folderId: archive.id });
    await settle();
    // The sync's login and the shown folder's.
    expect(logins.pendingPorts()).toEqual([1001, 1001]);

    const stopping = engine.setAccounts({ accounts: [] });
    logins.failAll();
    await stopping;
    await engine.setAccounts({ accounts: [account(1002)] });
    await settle();
    expect(logins.pendingPorts()).toEqual([1002, 1002]);
  });

  it('takes the view leaving a folder of an account that has stopped (signed out) without an error', async () => {
    const archive = createMailWriter(store.db)
      .syncMailboxes(store.accountId, standardMailboxes)
      .find((mailbox) => mailbox.role === 'archive')!;
    await engine.setAccounts({ accounts: [account(1001)] });
    await engine.watchFolder({ accountId: store.accountId, folderId: archive.id });
    const stopping = engine.setAccounts({ accounts: [] });
    logins.failAll();
    await stopping;
    await expect(engine.watchFolder({ accountId: store.accountId, folderId: null })).resolves.toBeUndefined();
  });

  it('keeps going when the restart check of the outbox fails on the store, and logs it', async () => {
    store.db.exec('ALTER TABLE outbox RENAME TO outbox_away');
    await engine.setAccounts({ accounts: [account(1001)] });
    await settle();
    expect(log).toContain('checking interrupted sends against Sent failed (SqliteError SQLITE_ERROR)');
    expect(logins.pendingPorts()).toEqual([1001]);
    store.db.exec('ALTER TABLE outbox_away RENAME TO outbox');
  });

  it('checks a send interrupted by a restart against Sent before it calls it possibly sent', async () => {
    createMailWriter(store.db).syncMailboxes(store.accountId, standardMailboxes);
    const outbox = createOutboxRepository(store.db);
    const draft = createDraftRepository(store.db).create(
      {
        accountId: store.accountId,
        mode: 'new',
        to: [],
        cc: [],
        bcc: [],
        subject: 'Interrupted',
        html: null,
        text: 'x',
        inReplyTo: null,
        references: [],
        sourceMessageId: null,
        from: null,
      },
      [],
      0,
    );
    const id = outbox.add(
      {
        accountId: store.accountId,
        draftId: draft.id,
        messageId: 'interrupted@harbor.test',
        envelope: { from: 'alice@harbor.test', to: ['bob@harbor.test'] },
        raw: new TextEncoder().encode('Subject: Interrupted\r\n\r\nx\r\n'),
        subject: 'Interrupted',
        to: [],
        sendAt: 0,
      },
      0,
    );
    outbox.markSending(id);
    await engine.setAccounts({ accounts: [account(1001)] });
    await settle();
    // A session for the Sent check is being opened; the item waits for its answer.
    expect(logins.pendingPorts().length).toBeGreaterThan(1);
    expect(store.db.prepare('SELECT state FROM outbox WHERE id = ?').pluck().get(id)).toBe('sending');
  });
});
