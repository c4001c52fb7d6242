import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDraftRepository, type DraftContent } from '../compose/draft-repository';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { createOutboxRepository, type OutboxRepository } from './outbox-repository';

let store: TestStore;
let outbox: OutboxRepository;

const newDraft = (): number => {
  const content: DraftContent = {
    accountId: store.accountId,
    mode: 'new',
    to: [{ name: 'Bob', address: 'bob@harbor.test' }],
    cc: [],
    bcc: [],
    subject: 'Plans',
    html: null,
    text: 'See you',
    inReplyTo: null,
    references: [],
    sourceMessageId: null,
    from: null,
  };
  return createDraftRepository(store.db).create(content, [], 1).id;
};

const queue = (draftId: number, messageId: string, sendAt = 10) =>
  outbox.add(
    {
      accountId: store.accountId,
      draftId,
      messageId,
      envelope: { from: 'alice@harbor.test', to: ['bob@harbor.test'] },
      raw: new TextEncoder().encode(`Message-ID: <${messageId}>\r\n\r\nhi`),
      subject: 'Plans',
      to: [{ name: 'Bob', address: 'bob@harbor.test' }],
      sendAt,
    },
    1,
  );

beforeEach(() => {
  store = openTestStore();
  outbox = createOutboxRepository(store.db);
});
afterEach(() => store.close());

describe('one item per draft', () => {
  it('gives back the queued item when the same draft is queued again', () => {
    const draftId = newDraft();
    const first = queue(draftId, 'first@harbor.test', 10);
    expect(queue(draftId, 'second@harbor.test', 20)).toBe(first);
    expect(outbox.list().map((item) => [item.id, item.messageId, item.sendAt])).toEqual([
      [first, 'first@harbor.test', 10],
    ]);
  });

  it('is the schema that refuses a second item, whoever writes it', () => {
    const draftId = newDraft();
    queue(draftId, 'first@harbor.test');
    const copy = () =>
      store.db
        .prepare(
          `INSERT INTO outbox (account_id, draft_id, message_id, envelope_from, envelope_to, raw, subject, to_json, state,
             send_at, created_at)
           SELECT account_id, draft_id, 'copy@harbor.test', envelope_from, envelope_to, raw, subject, to_json, 'retrying',
             send_at, created_at FROM outbox`,
        )
        .run();
    expect(copy).toThrow(/UNIQUE constraint failed: outbox.draft_id/);
  });

  it('queues the items of different drafts side by side', () => {
    const first = queue(newDraft(), 'first@harbor.test');
    const second = queue(newDraft(), 'second@harbor.test');
    expect(second).not.toBe(first);
    expect(outbox.list()).toHaveLength(2);
  });
});

describe('send now', () => {
  it('brings a waiting, failed or possibly sent item forward', () => {
    const id = queue(newDraft(), 'waiting@harbor.test', 100);
    outbox.setState(id, 'possiblySent', null, null);
    expect(outbox.release(id, 50)).toBe(true);
    expect(outbox.get(id)).toMatchObject({ state: 'queued', sendAt: 50 });
  });

  it('leaves an item the engine is sending, or has sent, as it is', () => {
    const draftId = newDraft();
    const id = queue(draftId, 'taken@harbor.test', 100);
    expect(outbox.markSending(id)).toBe(true);
    expect(outbox.release(id, 50)).toBe(false);
    expect(outbox.get(id)).toMatchObject({ state: 'sending', sendAt: 100 });
    expect(outbox.markSending(id)).toBe(false);

    outbox.markSent(id, 60, false);
    expect(outbox.release(id, 70)).toBe(false);
    expect(outbox.get(id)).toMatchObject({ state: 'sent', sentAt: 60, draftId: null });
    expect(createDraftRepository(store.db).get(draftId)).toBeNull();
  });

  it('marks sent only what is sending, and keeps the draft of anything else', () => {
    const draftId = newDraft();
    const id = queue(draftId, 'queued@harbor.test');
    outbox.markSent(id, 60, true);
    expect(outbox.get(id)).toMatchObject({ state: 'queued', sentAt: null, draftId });
    expect(outbox.owedSentCopies()).toEqual([]);
    expect(createDraftRepository(store.db).get(draftId)).not.toBeNull();
  });

  it('owes the copy in Sent from the moment it is sent, shows it once a try failed, and keeps the item until it is made', () => {
    const id = queue(newDraft(), 'owed@harbor.test');
    outbox.markSending(id);
    outbox.markSent(id, 60, true);
    expect(outbox.owedSentCopies()).toEqual([
      { id, accountId: store.accountId, messageId: 'owed@harbor.test', dueAt: 60, attempts: 0 },
    ]);
    expect(outbox.get(id)?.sentCopyPending).toBeUndefined();

    outbox.sentCopyTrying(id);
    outbox.sentCopyFailed(id, 5_000, 'Nothing answers at imap.harbor.test:993.');
    expect(outbox.get(id)?.sentCopyPending).toEqual({ reason: 'Nothing answers at imap.harbor.test:993.' });
    outbox.prune(60 + 48 * 60 * 60_000);
    expect(outbox.owedSentCopies()).toMatchObject([{ id, dueAt: 5_000, attempts: 1 }]);

    outbox.retryNow(store.accountId, 100);
    expect(outbox.owedSentCopies()).toMatchObject([{ id, dueAt: 100 }]);
    outbox.sentCopyMade(id);
    expect(outbox.owedSentCopies()).toEqual([]);
    expect(outbox.get(id)?.sentCopyPending).toBeUndefined();
    outbox.prune(60 + 48 * 60 * 60_000);
    expect(outbox.get(id)).toBeNull();
  });
});
