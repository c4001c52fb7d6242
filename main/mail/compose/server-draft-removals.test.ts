import { afterEach, beforeEach, expect, it } from 'vitest';
import { createOutboxRepository } from '../outbox/outbox-repository';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { createDraftRepository, type DraftRepository } from './draft-repository';
import { createServerDraftRemovals, type ServerDraftRemovals } from './server-draft-removals';

let store: TestStore;
let drafts: DraftRepository;
let removals: ServerDraftRemovals;

const newDraft = (accountId = store.accountId) =>
  drafts.create(
    {
      accountId,
      mode: 'new',
      to: [],
      cc: [],
      bcc: [],
      subject: 'Plans',
      html: null,
      text: '',
      inReplyTo: null,
      references: [],
      sourceMessageId: null,
      from: null,
    },
    [],
    1,
  ).id;

beforeEach(() => {
  store = openTestStore();
  drafts = createDraftRepository(store.db);
  removals = createServerDraftRemovals(store.db);
});
afterEach(() => store.close());

it('keeps a request until it is done, and one made meanwhile after that', () => {
  const other = store.addAccount('bob@harbor.test');
  removals.request(store.accountId, 7);
  removals.request(store.accountId, 8);
  removals.request(other, 7);
  expect(removals.draftsOf(store.accountId).sort()).toEqual([7, 8]);

  const upTo = removals.latest(store.accountId, 7)!;
  removals.request(store.accountId, 7);
  removals.done(store.accountId, 7, upTo);
  expect(removals.latest(store.accountId, 7)).toBeGreaterThan(upTo);
  removals.done(store.accountId, 7, removals.latest(store.accountId, 7)!);
  expect(removals.latest(store.accountId, 7)).toBeNull();
  expect(removals.draftsOf(store.accountId)).toEqual([8]);
  expect(removals.draftsOf(other)).toEqual([7]);
});

it('never gives a new draft the id of a discarded one whose server copies are still to go', () => {
  const first = newDraft();
  const newest = newDraft();
  removals.request(store.accountId, newest);
  drafts.remove(newest);
  const next = newDraft();
  expect(next).not.toBe(newest);
  expect(next).toBeGreaterThan(first);
  // The request stays for the gone draft: nothing looks like it came back.
  expect(removals.dropIfBack(store.accountId, newest, removals.latest(store.accountId, newest)!)).toBe(false);
});

it('drops the requests only for a draft back among the account drafts, not one queued, gone or moved', () => {
  const other = store.addAccount('bob@harbor.test');
  const [back, queued, discarded, moved] = [newDraft(), newDraft(), newDraft(), newDraft()];
  createOutboxRepository(store.db).add(
    {
      accountId: store.accountId,
      draftId: queued,
      messageId: 'queued@harbor.test',
      envelope: { from: 'alice@harbor.test', to: ['bob@harbor.test'] },
      raw: new Uint8Array([1]),
      subject: 'Plans',
      to: [],
      sendAt: 1,
    },
    1,
  );
  drafts.remove(discarded);
  drafts.update(moved, { accountId: other }, 2);
  const dropped = [back, queued, discarded, moved].map((draftId) => {
    removals.request(store.accountId, draftId);
    return removals.dropIfBack(store.accountId, draftId, removals.latest(store.accountId, draftId)!);
  });
  expect(dropped).toEqual([true, false, false, false]);
  expect(removals.draftsOf(store.accountId).sort()).toEqual([queued, discarded, moved].sort());
});

it('forgets the requests of an account that is removed', () => {
  removals.request(store.accountId, 7);
  store.db.prepare('DELETE FROM accounts WHERE id = ?').run(store.accountId);
  expect(removals.draftsOf(store.accountId)).toEqual([]);
});
