import { AppError } from '../../../shared/errors';
import { createAccountRepository } from '../../accounts/account-repository';
import { createIdentityReader } from '../../identity/identity-repository';
import { readonlyDb } from '../../store/readonly-db';
import { senderOf } from '../../identity/sender';
import { writeTransaction, type Db } from '../../store/database';
import { createInvitationAnswers } from '../calendar/answer-invitation';
import { buildMessage, newMessageId } from '../compose/build-message';
import { createDraftRepository, draftGone } from '../compose/draft-repository';
import { createServerDraftRemovals } from '../compose/server-draft-removals';
import type { ServerDrafts } from '../compose/server-drafts';
import type { EngineOutbox } from '../outbox/engine-outbox';
import { createOutboxRepository } from '../outbox/outbox-repository';
import type { ComposeHandlers } from './engine-api';

export interface ComposeHandlersDependencies {
  db: Db;
  outbox: Pick<EngineOutbox, 'wake'>;
  serverDrafts: Pick<ServerDrafts, 'changed' | 'gone'>;
  onOutboxChanged: (accountId: string) => void;
  now?: () => number;
}

const outboxGone = () => new AppError('NOT_FOUND', 'This message is no longer in the outbox.');
const accountGone = () => new AppError('NOT_FOUND', 'This account is no longer set up in Harbor Mail.');

/**
 * Drafts and the outbox, written only here, in the engine: the UI thread reads them and asks for
 * each change. The server's Drafts folder and the sender hear of a change in the same thread.
 */
export function createComposeHandlers(dependencies: ComposeHandlersDependencies): ComposeHandlers {
  const { db, serverDrafts } = dependencies;
  const now = dependencies.now ?? Date.now;
  const drafts = createDraftRepository(db);
  const outbox = createOutboxRepository(db);
  const removals = createServerDraftRemovals(db);
  const accounts = createAccountRepository(db);
  const identities = createIdentityReader(readonlyDb(db));
  const answerInvitation = createInvitationAnswers(db, outbox, (accountId) => accounts.get(accountId));

  /** Commits `change`, which takes the draft out of the account, with the request to remove its server copies; then asks for it. */
  const leaving = <T>(accountId: string, draftId: number, change: () => T): T => {
    const result = writeTransaction(db, () => {
      // The message the draft was opened from leaves with it, unless a version replaced it already.
      const origin = drafts.origin(draftId);
      const changed = change();
      removals.request(accountId, draftId, origin?.accountId === accountId ? origin : null);
      return changed;
    })();
    void serverDrafts.gone(accountId, draftId);
    return result;
  };
  const outboxChanged = (accountId: string) => {
    dependencies.onOutboxChanged(accountId);
    dependencies.outbox.wake();
  };
  const outboxItem = (outboxId: number) => {
    const item = outbox.get(outboxId);
    if (!item) throw outboxGone();
    return item;
  };

  return {
    async draftCreate({ content, files, origin }) {
      return drafts.create(content, files, now(), origin);
    },
    async draftClose({ draftId }) {
      const accountId = drafts.get(draftId)?.accountId;
      const removed = accountId !== undefined && drafts.removeIfUntouched(draftId);
      return { removed, accountIds: removed ? [accountId] : [] };
    },
    async draftSave({ draftId, changes }) {
      const before = drafts.editable(draftId).accountId;
      const after = changes.accountId ?? before;
      const update = () => drafts.update(draftId, changes, now());
      const move = () => {
        const savedAt = update();
        drafts.clearOrigin(draftId);
        return savedAt;
      };
      // Moved to another account: the old account's Drafts copy goes, the new one gets it.
      const savedAt = after === before ? update() : leaving(before, draftId, move);
      serverDrafts.changed(draftId);
      return { savedAt, accountIds: after === before ? [after] : [before, after] };
    },
    async draftDiscard({ draftId }) {
      const { accountId } = drafts.editable(draftId);
      leaving(accountId, draftId, () => drafts.remove(draftId));
      return { accountIds: [accountId] };
    },
    async draftAddFile({ draftId, file }) {
      const { accountId } = drafts.editable(draftId);
      const attachment = drafts.addFile(draftId, file, now());
      serverDrafts.changed(draftId);
      return { attachment, attachmentBytes: drafts.attachmentBytes(draftId), accountIds: [accountId] };
    },
    async draftRemoveFile({ draftId, attachmentId }) {
      const { accountId } = drafts.editable(draftId);
      drafts.removeFile(draftId, attachmentId, now());
      serverDrafts.changed(draftId);
      return { accountIds: [accountId] };
    },
    async draftSend({ draftId, sendAt }) {
      const draft = drafts.get(draftId);
      if (!draft) throw draftGone();
      const account = accounts.get(draft.accountId);
      if (!account) throw accountGone();
      // Built once, with its Message-ID fixed, and stored before anything touches the network.
      const sender = senderOf(identities, account, draft.from);
      const built = await buildMessage(draft, drafts.files(draftId), sender, {
        messageId: newMessageId(sender.email),
        date: new Date(sendAt),
      });
      const outboxId = leaving(draft.accountId, draftId, () =>
        outbox.add(
          {
            accountId: draft.accountId,
            draftId,
            messageId: built.messageId,
            envelope: built.envelope,
            raw: built.raw,
            subject: draft.subject,
            to: [...draft.to, ...draft.cc, ...draft.bcc],
            sendAt,
          },
          now(),
        ),
      );
      const item = outbox.get(outboxId)!;
      // Another send of this draft queued it first (one item per draft): that item is the one on its way.
      if (item.messageId !== built.messageId) return { outboxId, sendAt: item.sendAt, accountIds: [] };
      outboxChanged(draft.accountId);
      return { outboxId, sendAt, accountIds: [draft.accountId] };
    },
    async outboxSendNow({ outboxId }) {
      const { accountId } = outboxItem(outboxId);
      if (outbox.release(outboxId, now())) outboxChanged(accountId);
    },
    async outboxTakeBack({ outboxId, states }) {
      const { accountId } = outboxItem(outboxId);
      const removed = outbox.removeIf(outboxId, states);
      if (!removed) return { draftId: null, accountIds: [] };
      outboxChanged(accountId);
      // Back among the drafts: its copy goes to the server's Drafts folder again.
      if (removed.draftId) serverDrafts.changed(removed.draftId);
      return { draftId: removed.draftId, accountIds: [accountId] };
    },
    async outboxDelete({ outboxId }) {
      const item = outbox.get(outboxId);
      if (!item) return { deleted: false };
      const removed = writeTransaction(db, () => {
        const taken = outbox.removeIf(outboxId, ['queued', 'retrying', 'failed', 'possiblySent', 'sent']);
        if (taken?.draftId) drafts.remove(taken.draftId);
        return taken;
      })();
      if (!removed) return { deleted: false };
      outboxChanged(item.accountId);
      return { deleted: true };
    },
    async invitationAnswer({ messageId, answer, sendAt }) {
      const queued = await answerInvitation({ messageId, answer, sendAt, now: now() });
      outboxChanged(queued.accountId);
      return queued;
    },
  };
}
