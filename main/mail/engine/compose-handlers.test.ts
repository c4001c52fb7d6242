import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../compose/draft-repository';
import { createDraftReader } from '../compose/draft-repository';
import { createServerDraftRemovals } from '../compose/server-draft-removals';
import { createOutboxRepository } from '../outbox/outbox-repository';
import { openTestStore, type TestStore } from '../store/mail-store.test-support';
import { readonlyDb } from '../../store/readonly-db';
import { createComposeHandlers } from './compose-handlers';
import type { ComposeHandlers } from './engine-api';

let store: TestStore;
let handlers: ComposeHandlers;
let heard: string[];

const content = (): DraftContent => ({
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
});
const newDraft = async () => (await handlers.draftCreate({ content: content(), files: [] })).id;
const stateOf = (outboxId: number) => createOutboxRepository(store.db).get(outboxId)?.state;
const removalsOf = (accountId: string) => createServerDraftRemovals(store.db).draftsOf(accountId);

beforeEach(() => {
  store = openTestStore();
  heard = [];
  handlers = createComposeHandlers({
    db: store.db,
    outbox: { wake: () => heard.push('wake') },
    serverDrafts: {
      changed: (draftId) => heard.push(`changed ${draftId}`),
      gone: async (accountId, draftId) => {
        heard.push(`gone ${accountId} ${draftId}`);
      },
    },
    onOutboxChanged: (accountId) => heard.push(`outbox ${accountId}`),
    now: () => 1_000,
  });
});
afterEach(() => store.close());

describe('sending', () => {
  it('queues a draft once when two sends of it race, and answers both with its item', async () => {
    const draftId = await newDraft();
    const [first, second] = await Promise.all([
      handlers.draftSend({ draftId, sendAt: 5_000 }),
      handlers.draftSend({ draftId, sendAt: 6_000 }),
    ]);
    expect(second).toEqual({ outboxId: first.outboxId, sendAt: 5_000, accountIds: [] });
    expect(first.accountIds).toEqual([store.accountId]);
    expect(createOutboxRepository(store.db).list()).toHaveLength(1);
    expect(heard.filter((line) => line === 'wake')).toHaveLength(1);
    expect(removalsOf(store.accountId)).toEqual([draftId]);
    expect(createDraftReader(readonlyDb(store.db)).list()).toEqual([]);
  });

  it('leaves an item on the wire as it is when send now is asked for', async () => {
    const { outboxId } = await handlers.draftSend({ draftId: await newDraft(), sendAt: 5_000 });
    expect(createOutboxRepository(store.db).markSending(outboxId)).toBe(true);
    heard = [];
    await handlers.outboxSendNow({ outboxId });
    expect(stateOf(outboxId)).toBe('sending');
    expect(heard).toEqual([]);
    expect(await handlers.outboxTakeBack({ outboxId, states: ['queued', 'retrying'] })).toEqual({
      draftId: null,
      accountIds: [],
    });
    expect(await handlers.outboxDelete({ outboxId })).toEqual({ deleted: false });
  });

  it('brings a queued item forward, takes it back as a draft, or deletes it with its draft', async () => {
    const outbox = createOutboxRepository(store.db);
    const drafts = createDraftReader(readonlyDb(store.db));
    const draftId = await newDraft();
    const { outboxId } = await handlers.draftSend({ draftId, sendAt: 5_000 });
    await handlers.outboxSendNow({ outboxId });
    expect(outbox.get(outboxId)).toMatchObject({ state: 'queued', sendAt: 1_000 });

    heard = [];
    expect(await handlers.outboxTakeBack({ outboxId, states: ['queued'] })).toEqual({
      draftId,
      accountIds: [store.accountId],
    });
    expect(heard).toEqual([`outbox ${store.accountId}`, 'wake', `changed ${draftId}`]);
    expect(drafts.list().map((draft) => draft.id)).toEqual([draftId]);

    const again = await handlers.draftSend({ draftId, sendAt: 5_000 });
    expect(await handlers.outboxDelete({ outboxId: again.outboxId })).toEqual({ deleted: true });
    expect(outbox.list()).toEqual([]);
    expect(drafts.get(draftId)).toBeNull();
  });
});

describe('drafts leaving an account', () => {
  it('stores the removal of a discarded draft server copies and asks for it at once', async () => {
    const draftId = await newDraft();
    expect(await handlers.draftDiscard({ draftId })).toEqual({ accountIds: [store.accountId] });
    expect(removalsOf(store.accountId)).toEqual([draftId]);
    expect(heard).toEqual([`gone ${store.accountId} ${draftId}`]);
  });

  it('stores the removal from the old account when a save moves the draft to another', async () => {
    const other = store.addAccount('bob@harbor.test');
    const draftId = await newDraft();
    const saved = await handlers.draftSave({ draftId, changes: { accountId: other, subject: 'Moved' } });
    expect(saved).toEqual({ savedAt: 1_000, accountIds: [store.accountId, other] });
    expect(removalsOf(store.accountId)).toEqual([draftId]);
    expect(removalsOf(other)).toEqual([]);
    expect(heard).toEqual([`gone ${store.accountId} ${draftId}`, `changed ${draftId}`]);

    heard = [];
    await handlers.draftSave({ draftId, changes: { subject: 'Stays' } });
    expect(removalsOf(store.accountId)).toEqual([draftId]);
    expect(heard).toEqual([`changed ${draftId}`]);
  });
});
