import type { ImapFlow } from 'imapflow';
import type { ActionBody, ExpungePayload, FlagsPayload, MovePayload } from './pending-action';

// One pending action against the server, in its own folder and by UID. imapflow answers a NO or
// BAD with `false` and throws when the connection breaks; the outcome keeps the two apart, because
// a refusal will not get better by retrying and a lost connection will.

export type ReplayOutcome =
  /** `uidMap`: source UID -> UID in the target folder (COPYUID), for moves on a UIDPLUS server. */
  | { status: 'done'; uidMap?: Map<number, number> }
  /** The folder's UIDVALIDITY changed since the user acted: these UIDs now mean other messages. */
  | { status: 'stale' }
  | { status: 'refused'; reason: string }
  /** The connection went away before the server answered: try again later. */
  | { status: 'interrupted' };

export async function replayOnServer(client: ImapFlow, action: ActionBody): Promise<ReplayOutcome> {
  try {
    switch (action.kind) {
      case 'flags':
        return await inFolder(client, action.payload, () => storeFlags(client, action.payload));
      case 'move':
        return await inFolder(client, action.payload, () => moveUids(client, action.payload));
      case 'expunge':
        return await inFolder(client, action.payload, () => expungeUids(client, action.payload));
    }
  } catch {
    // Opening the folder failed: the server said no (it is gone, say) or the connection broke.
    return client.usable
      ? { status: 'refused', reason: `The folder "${action.payload.path}" could not be opened on the server.` }
      : { status: 'interrupted' };
  }
}

async function inFolder(
  client: ImapFlow,
  folder: { path: string; uidValidity: number },
  run: () => Promise<ReplayOutcome>,
): Promise<ReplayOutcome> {
  const lock = await client.getMailboxLock(folder.path);
  try {
    const mailbox = client.mailbox;
    if (!mailbox || Number(mailbox.uidValidity) !== folder.uidValidity) return { status: 'stale' };
    const outcome = await run();
    if (outcome.status === 'refused' && !client.usable) return { status: 'interrupted' };
    return outcome;
  } finally {
    lock.release();
  }
}

/** UIDs as an IMAP set with ranges (1:4,7), so a whole folder's worth stays a short command. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let at = 0; at < sorted.length;) {
    let end = at;
    while (end + 1 < sorted.length && sorted[end + 1] === (sorted[end] as number) + 1) end += 1;
    parts.push(end === at ? `${sorted[at]}` : `${sorted[at]}:${sorted[end]}`);
    at = end + 1;
  }
  return parts.join(',');
}

async function storeFlags(client: ImapFlow, payload: FlagsPayload): Promise<ReplayOutcome> {
  const add: string[] = [];
  const remove: string[] = [];
  if (payload.seen !== undefined) (payload.seen ? add : remove).push('\\Seen');
  if (payload.flagged !== undefined) (payload.flagged ? add : remove).push('\\Flagged');
  const range = uidSet(payload.uids);
  const added = add.length === 0 || (await client.messageFlagsAdd(range, add, { uid: true, silent: true }));
  const removed = remove.length === 0 || (await client.messageFlagsRemove(range, remove, { uid: true, silent: true }));
  return added && removed ? { status: 'done' } : { status: 'refused', reason: 'The server did not accept the change.' };
}

async function moveUids(client: ImapFlow, payload: MovePayload): Promise<ReplayOutcome> {
  const moved = await client.messageMove(uidSet(payload.uids), payload.target.path, { uid: true });
  if (!moved) return { status: 'refused', reason: `The server did not move the messages to "${payload.target.path}".` };
  return { status: 'done', uidMap: moved.uidMap };
}

async function expungeUids(client: ImapFlow, payload: ExpungePayload): Promise<ReplayOutcome> {
  // Without UIDPLUS imapflow falls back to a plain EXPUNGE, which would also remove every other
  // message marked \Deleted in the folder (by another client, say): refuse rather than risk that.
  if (!client.capabilities.has('UIDPLUS')) {
    return { status: 'refused', reason: 'This server cannot delete single messages for good (no UIDPLUS).' };
  }
  const deleted = await client.messageDelete(uidSet(payload.uids), { uid: true });
  return deleted ? { status: 'done' } : { status: 'refused', reason: 'The server did not delete the messages.' };
}
