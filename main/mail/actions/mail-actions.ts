import type { ImapFlow } from 'imapflow';
import { AppError, isAppError } from '../../../shared/errors';
import type { FolderRole, MoveTarget } from '../../../shared/mail-models';
import { writeTransaction, type Db } from '../../store/database';
import type { MailWriter, StoredMailbox } from '../store/mail-store-types';
import type { ActionBody, FlagsPayload, PendingAction } from './pending-action';
import { createPendingActionQueue } from './pending-action-queue';
import { replayOnServer } from './server-replay';
import { createStoredMessages, type MessageState } from './stored-messages';
import { createUndoRegistry, type CompletedMove } from './undo-registry';
import { closeImapSession } from '../imap-session';
import { createKeptSessions } from './kept-sessions';

// What the user does to messages (read, flag, move, delete, undo) happens in the local store at
// once and is queued for the server; the queue is replayed in order, now when the server answers,
// else on flush() after a reconnect or when its backoff is due. Runs in the store writer's thread.

export interface MailActionsOptions {
  /** The store writer's connection (pending_actions and the message rows live there). */
  db: Db;
  writer: MailWriter;
  /** A new authenticated session for the account; the actions keep it a minute for the next change, then close it. */
  connect: (accountId: string) => Promise<ImapFlow>;
  /** Stored messages changed in these folders. */
  onChanged: (accountId: string, mailboxIds: number[]) => void;
  /** The server refused a change for good; it was taken back locally. `message` is for people. */
  onFailed?: (accountId: string, message: string) => void;
  now?: () => number;
}

export interface MailActions {
  /** Read or star state of these messages; the undo id puts back what each had before. */
  setFlags(messageIds: number[], change: { unread?: boolean; flagged?: boolean }): { undoId: string | null };
  /** Marks every stored unread message of these folders read, one action (one UID set) per folder. */
  markAllRead(mailboxIds: number[]): { undoId: string | null };
  move(messageIds: number[], target: MoveTarget): { undoId: string | null };
  delete(messageIds: number[], permanent: boolean): { undoId: string | null };
  /** Takes back an archive, move, delete to Trash or flag change; false when the undo id expired or it cannot be undone. */
  undo(undoId: string): Promise<boolean>;
  /** Replays every pending action of the account, oldest first (after a reconnect, before syncing flags). */
  flush(accountId: string): Promise<void>;
  /** Closes the account's kept session (it stopped or signs out); its queued actions stay. */
  forget(accountId: string): Promise<void>;
  /** Stops the retry timers and closes the kept sessions. */
  close(): Promise<void>;
}

const roleNames: Record<'archive' | 'trash' | 'inbox', string> = { archive: 'Archive', trash: 'Trash', inbox: 'Inbox' };

export function createMailActions(options: MailActionsOptions): MailActions {
  const { db, writer, onChanged } = options;
  const sessions = createKeptSessions(options.connect);
  const now = options.now ?? Date.now;
  const queue = createPendingActionQueue(db);
  const stored = createStoredMessages(db);
  const undos = createUndoRegistry(now);
  const runs = new Map<string, Promise<void>>();
  const queuedRuns = new Map<string, Promise<void>>();
  const inFlight = new Map<number, Promise<CompletedMove | null>>();
  const retryTimers = new Map<string, NodeJS.Timeout>();

  const visibleStates = (messageIds: number[]): MessageState[] => {
    const states = stored.states(messageIds).filter((state) => !state.hidden);
    if (states.length === 0) throw new AppError('NOT_FOUND', 'These messages are no longer here.');
    return states;
  };

  const notify = (changes: Map<string, Set<number>>) => {
    for (const [accountId, mailboxIds] of changes) onChanged(accountId, [...mailboxIds]);
  };

  /** Queues one action per source folder, after `applyLocally` ran, all in one transaction. */
  const enqueue = (
    states: MessageState[],
    body: (folder: FolderGroup) => ActionBody,
    applyLocally: (folder: FolderGroup) => void,
  ): number[] => {
    const folders = groupByFolder(states);
    const changed = new Map<string, Set<number>>();
    const ids = writeTransaction(db, () =>
      folders.map((folder) => {
        applyLocally(folder);
        changed.set(folder.accountId, (changed.get(folder.accountId) ?? new Set()).add(folder.mailboxId));
        return queue.add(folder.accountId, body(folder), now());
      }),
    )();
    notify(changed);
    for (const accountId of changed.keys()) kick(accountId);
    return ids;
  };

  const moveStates = (states: MessageState[], target: MoveTarget): number[] => {
    const targets = new Map<string, StoredMailbox>();
    for (const accountId of new Set(states.map((state) => state.accountId))) {
      targets.set(accountId, resolveTarget(writer, accountId, target));
    }
    const moving = states.filter((state) => targets.get(state.accountId)?.id !== state.mailboxId);
    if (moving.length === 0) return [];
    return enqueue(
      moving,
      (folder) => {
        const to = targets.get(folder.accountId) as StoredMailbox;
        return { kind: 'move', payload: { ...folder.address, target: { mailboxId: to.id, path: to.path } } };
      },
      (folder) => stored.setHidden(folder.mailboxId, folder.address.uids, true),
    );
  };

  // ---- replay ----

  /** Starts a replay unless the account is waiting out a backoff (its timer or flush() will come). */
  const kick = (accountId: string) => {
    const due = queue.nextAttemptAt(accountId);
    if (due !== null && due > now()) return;
    void flush(accountId);
  };

  // One replay at a time per account. A flush asked for while one runs queues one more (actions
  // may have been added since the running one listed them); asked for again, it joins that one.
  const flush = (accountId: string): Promise<void> => {
    const waiting = queuedRuns.get(accountId);
    if (waiting) return waiting;
    const previous = runs.get(accountId) ?? Promise.resolve();
    const run = previous.then(() => {
      queuedRuns.delete(accountId);
      return replayAll(accountId);
    });
    queuedRuns.set(accountId, run);
    runs.set(accountId, run);
    void run.finally(() => {
      if (runs.get(accountId) === run) runs.delete(accountId);
    });
    return run;
  };

  const replayAll = async (accountId: string): Promise<void> => {
    const ids = queue.list(accountId).map((action) => action.id);
    if (ids.length === 0) return;
    let client: ImapFlow;
    try {
      client = await sessions.take(accountId);
    } catch (error) {
      postpone(accountId, ids, isAppError(error) ? error.message : 'The mail server could not be reached.');
      return;
    }
    let index = 0;
    let reason = 'The connection to the mail server was lost.';
    try {
      for (; index < ids.length; index += 1) {
        const action = queue.get(ids[index] as number);
        if (action && !(await replayOne(client, action))) break;
      }
    } catch {
      // Not the server's answer but our own failure (storing the result, say): keep the rest for later.
      reason = 'Something went wrong while applying the change.';
    } finally {
      if (index < ids.length) {
        postpone(accountId, ids.slice(index), reason);
        await closeImapSession(client);
      } else {
        await sessions.give(accountId, client);
      }
    }
  };

  const postpone = (accountId: string, ids: number[], reason: string) => {
    writeTransaction(db, () => ids.forEach((id) => queue.get(id) && queue.postpone(id, reason, now())))();
    scheduleRetry(accountId);
  };

  const scheduleRetry = (accountId: string) => {
    clearTimeout(retryTimers.get(accountId));
    const due = queue.nextAttemptAt(accountId);
    if (due === null) return;
    const timer = setTimeout(
      () => {
        retryTimers.delete(accountId);
        void flush(accountId);
      },
      Math.max(0, due - now()),
    );
    timer.unref();
    retryTimers.set(accountId, timer);
  };

  /** False when the connection broke: the action stays queued. */
  const replayOne = async (client: ImapFlow, action: PendingAction): Promise<boolean> => {
    // Read before the server moves it: the sync engine may drop the source row meanwhile.
    const snapshot = action.kind === 'move' ? stored.snapshot(action.payload.mailboxId, action.payload.uids) : [];
    let settle: (move: CompletedMove | null) => void = () => undefined;
    inFlight.set(action.id, new Promise((resolve) => (settle = resolve)));
    let move: CompletedMove | null = null;
    try {
      const outcome = await replayOnServer(client, action);
      if (outcome.status === 'interrupted') return false;
      const result = writeTransaction(db, () => {
        queue.remove(action.id);
        if (outcome.status === 'done') return applyConfirmed(action, outcome.uidMap, snapshot);
        takeBackLocally(action);
        return { mailboxIds: [action.payload.mailboxId], move: null };
      })();
      move = result.move;
      if (move) undos.completed(action.id, move);
      if (outcome.status === 'refused') options.onFailed?.(action.accountId, outcome.reason);
      onChanged(action.accountId, result.mailboxIds);
      return true;
    } finally {
      inFlight.delete(action.id);
      settle(move);
    }
  };

  /** The server did it: make the store match (a moved message is stored in its target at once). */
  const applyConfirmed = (
    action: PendingAction,
    uidMap: Map<number, number> | undefined,
    snapshot: ReturnType<typeof stored.snapshot>,
  ): { mailboxIds: number[]; move: CompletedMove | null } => {
    const source = action.payload.mailboxId;
    if (action.kind === 'flags') return { mailboxIds: [source], move: null };
    if (action.kind === 'expunge') {
      writer.removeUids(source, action.payload.uids);
      return { mailboxIds: [source], move: null };
    }
    const target = action.payload.target.mailboxId;
    const uidPairs: [number, number][] = [];
    for (const message of snapshot) {
      const targetUid = uidMap?.get(message.header.uid);
      if (targetUid === undefined) continue;
      uidPairs.push([message.header.uid, targetUid]);
      // The sync engine may have stored it there already, with the target folder's MODSEQ.
      if (stored.messageIdsOf(target, [targetUid]).length > 0) continue;
      writer.saveHeaders(target, [{ ...message.header, uid: targetUid, modseq: null }]);
      if (message.body) writer.saveBody(target, targetUid, message.body);
    }
    writer.removeUids(source, action.payload.uids);
    return {
      mailboxIds: [source, target],
      move: { accountId: action.accountId, sourceMailboxId: source, targetMailboxId: target, uidPairs },
    };
  };

  const takeBackLocally = (action: PendingAction) => {
    if (action.kind === 'flags') stored.restoreFlags(action.payload.mailboxId, action.payload.previous);
    else stored.setHidden(action.payload.mailboxId, action.payload.uids, false);
  };

  // ---- undo ----

  /** Reverses one queued move: dropped if the server has not run it yet, else moved back. */
  const undoOne = async (actionId: number, recorded: CompletedMove | undefined): Promise<boolean> => {
    const running = inFlight.get(actionId);
    const move = running ? await running : recorded;
    if (move) return moveBack(move);
    const action = queue.get(actionId);
    if (!action || action.kind !== 'move') return false;
    writeTransaction(db, () => {
      queue.remove(actionId);
      stored.setHidden(action.payload.mailboxId, action.payload.uids, false);
    })();
    onChanged(action.accountId, [action.payload.mailboxId]);
    return true;
  };

  /** Moves what the server moved back where it came from, by the UIDs it got in the target. */
  const moveBack = (move: CompletedMove): boolean => {
    const movedIds = stored.messageIdsOf(
      move.targetMailboxId,
      move.uidPairs.map(([, targetUid]) => targetUid),
    );
    const states = stored.states(movedIds).filter((state) => !state.hidden);
    if (states.length === 0) return false;
    moveStates(states, { folderId: move.sourceMailboxId });
    return true;
  };

  /** Queues one flags action per folder; returns their payloads (for undo). */
  const flagStates = (states: MessageState[], change: { seen?: boolean; flagged?: boolean }): FlagsPayload[] => {
    const payloads: FlagsPayload[] = [];
    enqueue(
      states,
      (folder) => {
        const payload: FlagsPayload = {
          ...folder.address,
          ...change,
          previous: folder.states.map(({ uid, seen, flagged }) => ({ uid, seen, flagged })),
        };
        payloads.push(payload);
        return { kind: 'flags', payload };
      },
      (folder) => stored.setFlags(folder.mailboxId, folder.address.uids, change),
    );
    return payloads;
  };

  const undoableFlags = (states: MessageState[], change: { seen?: boolean; flagged?: boolean }) => ({
    undoId: undos.register([], flagStates(states, change)),
  });

  /** Puts back the flags one change replaced, where they differ, on the messages still in that folder. */
  const restoreFlags = (change: FlagsPayload): boolean => {
    const groups = new Map<string, { seen?: boolean; flagged?: boolean; uids: number[] }>();
    for (const before of change.previous) {
      const seen = change.seen !== undefined && before.seen !== change.seen ? before.seen : undefined;
      const flagged = change.flagged !== undefined && before.flagged !== change.flagged ? before.flagged : undefined;
      if (seen === undefined && flagged === undefined) continue;
      const key = `${seen}/${flagged}`;
      const group = groups.get(key) ?? { seen, flagged, uids: [] };
      group.uids.push(before.uid);
      groups.set(key, group);
    }
    let restored = false;
    for (const { uids, ...flags } of groups.values()) {
      const states = stored.states(stored.messageIdsOf(change.mailboxId, uids)).filter((state) => !state.hidden);
      if (states.length === 0) continue;
      flagStates(states, flags);
      restored = true;
    }
    return restored || groups.size === 0;
  };

  const move = (messageIds: number[], target: MoveTarget) => {
    const actionIds = moveStates(visibleStates(messageIds), target);
    return { undoId: actionIds.length ? undos.register(actionIds) : null };
  };

  return {
    setFlags(messageIds, change) {
      const seen = change.unread === undefined ? undefined : !change.unread;
      if (seen === undefined && change.flagged === undefined) return { undoId: null };
      return undoableFlags(visibleStates(messageIds), { seen, flagged: change.flagged });
    },

    markAllRead(mailboxIds) {
      const states = stored.states(stored.unreadIds(mailboxIds)).filter((state) => !state.hidden);
      if (states.length === 0) return { undoId: null };
      return undoableFlags(states, { seen: true });
    },

    move,

    delete(messageIds, permanent) {
      const states = visibleStates(messageIds);
      const inTrash = states.filter((state) => state.role === 'trash');
      if (!permanent) {
        if (inTrash.length > 0) {
          throw new AppError(
            'INVALID_INPUT',
            'These messages are already in Trash. Deleting them from Trash removes them for good, so that needs confirming.',
          );
        }
        return move(messageIds, 'trash');
      }
      if (inTrash.length !== states.length) {
        throw new AppError(
          'INVALID_INPUT',
          'Only messages in Trash can be deleted for good. Move them to Trash first.',
        );
      }
      enqueue(
        states,
        (folder) => ({ kind: 'expunge', payload: folder.address }),
        (folder) => stored.setHidden(folder.mailboxId, folder.address.uids, true),
      );
      return { undoId: null };
    },

    async undo(undoId) {
      const taken = undos.take(undoId);
      if (!taken) return false;
      let undone = true;
      for (const { actionId, move } of taken.moves) undone = (await undoOne(actionId, move)) && undone;
      for (const change of taken.flagChanges) undone = restoreFlags(change) && undone;
      return undone;
    },

    flush,

    forget: (accountId) => sessions.forget(accountId),
    close() {
      for (const timer of retryTimers.values()) clearTimeout(timer);
      retryTimers.clear();
      return sessions.closeAll();
    },
  };
}

interface FolderGroup {
  accountId: string;
  mailboxId: number;
  states: MessageState[];
  address: { mailboxId: number; path: string; uidValidity: number; uids: number[] };
}

function groupByFolder(states: MessageState[]): FolderGroup[] {
  const folders = new Map<number, FolderGroup>();
  for (const state of states) {
    if (state.uidValidity === null) {
      throw new AppError('NOT_FOUND', 'This folder is still being synchronised. Try again in a moment.');
    }
    const folder = folders.get(state.mailboxId) ?? {
      accountId: state.accountId,
      mailboxId: state.mailboxId,
      states: [],
      address: { mailboxId: state.mailboxId, path: state.path, uidValidity: state.uidValidity, uids: [] },
    };
    folder.states.push(state);
    folder.address.uids.push(state.uid);
    folders.set(state.mailboxId, folder);
  }
  // Ascending UIDs make the shortest UID sets on the wire.
  for (const folder of folders.values()) folder.address.uids.sort((a, b) => a - b);
  return [...folders.values()];
}

function resolveTarget(writer: MailWriter, accountId: string, target: MoveTarget): StoredMailbox {
  if (typeof target === 'object') {
    const folder = writer.mailbox(target.folderId);
    if (!folder || !folder.selectable) throw new AppError('NOT_FOUND', 'That folder does not exist any more.');
    if (folder.accountId !== accountId) {
      throw new AppError('INVALID_INPUT', 'Messages can only be moved to a folder of their own account.');
    }
    return folder;
  }
  const role: FolderRole = target;
  const selectable = writer.mailboxes(accountId).filter((mailbox) => mailbox.selectable);
  const folder =
    selectable.find((mailbox) => mailbox.role === role || (role === 'inbox' && isInbox(mailbox))) ??
    // Without an Archive folder, a server with an All Mail (\All) archives by a move there: at
    // Gmail that takes the Inbox label off and keeps the message under its other labels.
    (role === 'archive' ? selectable.find((mailbox) => mailbox.role === 'all') : undefined);
  if (!folder) {
    throw new AppError(
      'NOT_FOUND',
      `This account has no ${roleNames[target]} folder on its server. Create one there, or move the messages to another folder.`,
    );
  }
  return folder;
}

const isInbox = (mailbox: StoredMailbox) => mailbox.path.toUpperCase() === 'INBOX';
