import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DraftContent } from '../compose/draft-repository';
import { createDraftReader, createDraftRepository } from '../compose/draft-repository';
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

describe('drafts opened from the server and closed untouched', () => {
  const origin = () => ({
    accountId: store.accountId,
    path: 'Drafts',
    uidValidity: 7,
    uid: 42,
    messageId: 'elsewhere@other.test',
  });
  const originsOf = (draftId: number) => createServerDraftRemovals(store.db).origins(store.accountId, draftId, 1e9);
  const drafts = () => createDraftReader(readonlyDb(store.db));

  it('removes a draft nothing was done to when its composer closes, attachments and all', async () => {
    const { id } = await handlers.draftCreate({
      content: content(),
      files: [{ filename: 'a.txt', contentType: 'text/plain', content: new Uint8Array([1, 2, 3]) }],
    });
    expect(await handlers.draftClose({ draftId: id })).toEqual({ removed: true, accountIds: [store.accountId] });
    expect(drafts().get(id)).toBeNull();
    // Nothing of it ever went to the server, so nothing is asked of it.
    expect(removalsOf(store.accountId)).toEqual([]);
    expect(await handlers.draftClose({ draftId: id })).toEqual({ removed: false, accountIds: [] });
  });

  it('keeps a draft that was saved, is on the server or waits in the outbox', async () => {
    const saved = await newDraft();
    await handlers.draftSave({ draftId: saved, changes: { subject: 'Changed' } });
    const uploaded = await newDraft();
    createDraftRepository(store.db).markOnServer(uploaded, 1, 1_000, 'copy@harbor.test');
    const queued = await newDraft();
    await handlers.draftSend({ draftId: queued, sendAt: 5_000 });
    for (const draftId of [saved, uploaded, queued]) {
      expect(await handlers.draftClose({ draftId })).toEqual({ removed: false, accountIds: [] });
      expect(drafts().get(draftId)).not.toBeNull();
    }
  });

  it('finds the draft again from its copy on the server or from the message it was opened from', async () => {
    const { id } = await handlers.draftCreate({ content: content(), files: [], origin: origin() });
    expect(drafts().origin(id)).toEqual(origin());
    expect(drafts().openedAs(store.accountId, { messageId: null, path: 'Drafts', uid: 42 })).toBe(id);
    expect(drafts().openedAs(store.accountId, { messageId: null, path: 'Drafts', uid: 43 })).toBeNull();
    createDraftRepository(store.db).markOnServer(id, 1, 1_000, 'copy@harbor.test');
    expect(drafts().openedAs(store.accountId, { messageId: 'copy@harbor.test', path: 'Drafts', uid: 99 })).toBe(id);
  });

  it('asks for the message it was opened from to leave with a sent or discarded draft', async () => {
    // All made first: a deleted draft's id is taken again by the next one.
    const sent = (await handlers.draftCreate({ content: content(), files: [], origin: origin() })).id;
    const discarded = (await handlers.draftCreate({ content: content(), files: [], origin: origin() })).id;
    const plain = await newDraft();

    await handlers.draftSend({ draftId: sent, sendAt: 5_000 });
    expect(originsOf(sent)).toEqual([origin()]);
    await handlers.draftDiscard({ draftId: discarded });
    expect(originsOf(discarded)).toEqual([origin()]);
    await handlers.draftDiscard({ draftId: plain });
    expect(originsOf(plain)).toEqual([]);
  });

  it('takes the message it was opened from out of the old account when the draft moves to another', async () => {
    const other = store.addAccount('bob@harbor.test');
    const { id } = await handlers.draftCreate({ content: content(), files: [], origin: origin() });
    await handlers.draftSave({ draftId: id, changes: { accountId: other } });
    expect(originsOf(id)).toEqual([origin()]);
    expect(drafts().origin(id)).toBeNull();
  });
});
