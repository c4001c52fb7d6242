import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from './draft-repository';
import { createOutboxRepository } from '../outbox/outbox-repository';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { readonlyDb } from '../../store/readonly-db';
import { createDraftRepository } from './draft-repository';
import { createUnsentMail } from './unsent-mail';

let store: TestStore;
beforeEach(() => {
  store = openTestStore();
});
afterEach(() => store.close());

const content = (fields: Partial<DraftContent> = {}): DraftContent => ({
  accountId: store.accountId,
  mode: 'new',
  to: [],
  cc: [],
  bcc: [],
  subject: '',
  html: null,
  text: '',
  inReplyTo: null,
  references: [],
  sourceMessageId: null,
  from: null,
  ...fields,
});

const sender = { email: 'alice@harbor.test', displayName: 'Alice Example' };

describe('mail that exists only on this computer', () => {
  it('counts outbox items not sent and drafts with content that the server does not have', () => {
    const drafts = createDraftRepository(store.db);
    const outbox = createOutboxRepository(store.db);
    const unsent = createUnsentMail(readonlyDb(store.db));

    drafts.create(content(), [], 1);
    // Started with what the app puts in a new message (room to write, the signature), never saved.
    drafts.create(content({ html: '<div><br></div><div>-- <br>Alice</div>', text: '\n\n-- \nAlice' }), [], 1);
    const local = drafts.create(content(), [], 2);
    drafts.update(local.id, { subject: 'Local only' }, 2);
    const onServer = drafts.create(content({ text: 'Copied to Drafts' }), [], 3);
    drafts.markOnServer(onServer.id, drafts.revisionForServer(onServer.id)!, 4, 'copy@harbor.test');
    const queued = drafts.create(content({ subject: 'Queued', to: [{ name: '', address: 'bob@harbor.test' }] }), [], 5);
    outbox.add(
      {
        accountId: store.accountId,
        draftId: queued.id,
        messageId: 'queued@harbor.test',
        envelope: { from: sender.email, to: ['bob@harbor.test'] },
        raw: new TextEncoder().encode('Subject: Queued\r\n\r\nFrom the start of a line.\r\n'),
        subject: 'Queued',
        to: [{ name: '', address: 'bob@harbor.test' }],
        sendAt: 6,
      },
      6,
    );
    // Sent, but its copy is not in the Sent folder yet: still only here.
    const sent = outbox.add(
      {
        accountId: store.accountId,
        draftId: drafts.create(content({ subject: 'Sent' }), [], 6).id,
        messageId: 'sent@harbor.test',
        envelope: { from: sender.email, to: ['bob@harbor.test'] },
        raw: new TextEncoder().encode('Subject: Sent\r\n\r\nDone.\r\n'),
        subject: 'Sent',
        to: [],
        sendAt: 6,
      },
      6,
    );
    outbox.markSending(sent);
    outbox.markSent(sent, 7, true);
    const other = store.addAccount('bob@harbor.test');
    drafts.create(content({ accountId: other, subject: 'Bob’s' }), [], 7);

    expect(unsent.count(store.accountId)).toEqual({ outbox: 2, drafts: 1 });
    // A later local edit is not on the server yet: it counts again.
    drafts.update(onServer.id, { text: 'Edited since' }, 8);
    expect(unsent.count(store.accountId)).toEqual({ outbox: 2, drafts: 2 });
  });

  it('exports them as one mbox file, a line that starts with "From " quoted', async () => {
    const drafts = createDraftRepository(store.db);
    const outbox = createOutboxRepository(store.db);
    const local = drafts.create(content(), [], Date.UTC(2026, 11, 7, 6, 5));
    drafts.update(local.id, { subject: 'Local only', text: 'From here on, all good.' }, Date.UTC(2026, 11, 7, 6, 5));
    const queued = drafts.create(content({ subject: 'Queued' }), [], 1);
    outbox.add(
      {
        accountId: store.accountId,
        draftId: queued.id,
        messageId: 'queued@harbor.test',
        envelope: { from: sender.email, to: ['bob@harbor.test'] },
        raw: new TextEncoder().encode('Subject: Queued\r\n\r\nFrom the start of a line.\r\n>From quoted once.\r\n'),
        subject: 'Queued',
        to: [],
        sendAt: 1,
      },
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );

    const mbox = Buffer.from(await createUnsentMail(readonlyDb(store.db)).exportMbox(store.accountId, sender)).toString(
      'latin1',
    );
    const messages = mbox.split(/^From MAILER-DAEMON /m).slice(1);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toBe(
      'Fri Jan  2 03:04:05 2026\nSubject: Queued\n\n>From the start of a line.\n>>From quoted once.\n\n',
    );
    expect(messages[1]).toMatch(/^Mon Dec {2}7 06:05:00 2026\n/);
    expect(messages[1]).toContain('Subject: Local only\n');
    expect(messages[1]).toContain('\n>From here on, all good.');
    expect(messages[1]).not.toContain('\r\n');
  });
});
