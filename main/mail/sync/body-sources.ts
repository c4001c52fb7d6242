import type { ImapFlow } from 'imapflow';
import {
  assembleBodyWithoutAttachments,
  planBodyWithoutAttachments,
  type BodyWithoutAttachmentsPlan,
} from './body-without-attachments';
import { uidSet } from './uid-sets';

export interface BodySource {
  uid: number;
  source: Uint8Array;
  /** Attachments left on the server (part, estimated size); empty when the message came whole. */
  leftOnServer: Map<string, number>;
}

/** Messages at least this large that have attachments are asked for their structure first. */
export const LARGE_WITH_ATTACHMENTS_BYTES = 64 * 1024;

const WHOLE = new Map<string, number>();

/**
 * What parseBody reads, for messages of the selected folder. Those in `withoutAttachments` (large,
 * with attachments, as the header sync stored them) come without the bytes of the attachments
 * where their structure allows: the store never keeps those, and fetching them is most of a first
 * sync's bytes. The rest, and any whose parts the server does not return, come whole.
 */
export async function* fetchBodySources(
  client: ImapFlow,
  uids: number[],
  withoutAttachments: ReadonlySet<number>,
): AsyncGenerator<BodySource> {
  // A UID at or past the UIDNEXT this session last saw is news to it: another session (the Inbox
  // watcher) stored its header, but until this session is told, the server answers a UID FETCH of
  // it with nothing. A NOOP brings the session's view up to date first.
  const uidNext = Number((client.mailbox || undefined)?.uidNext ?? 0);
  if (uidNext > 0 && uids.some((uid) => uid >= uidNext)) await client.noop();
  const plans = new Map<number, BodyWithoutAttachmentsPlan>();
  const large = uids.filter((uid) => withoutAttachments.has(uid));
  if (large.length) {
    for await (const message of client.fetch(uidSet(large), { uid: true, bodyStructure: true }, { uid: true })) {
      const plan = message.bodyStructure ? planBodyWithoutAttachments(message.bodyStructure) : null;
      if (plan) plans.set(message.uid, plan);
    }
  }
  const whole = uids.filter((uid) => !plans.has(uid));
  for (const [uid, plan] of plans) {
    const query = { uid: true, headers: true, bodyParts: plan.sections };
    const message = await client.fetchOne(String(uid), query, { uid: true });
    const source =
      message && message.headers
        ? assembleBodyWithoutAttachments(plan, message.headers, message.bodyParts ?? new Map())
        : null;
    if (source) yield { uid, source, leftOnServer: plan.leftOnServer };
    else if (message) whole.push(uid);
  }
  if (whole.length === 0) return;
  for await (const message of client.fetch(uidSet(whole), { uid: true, source: true }, { uid: true })) {
    if (message.source) yield { uid: message.uid, source: message.source, leftOnServer: WHOLE };
  }
}
