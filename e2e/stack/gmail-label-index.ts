// What the Gmail-shaped Dovecot knows about each message of one account, read with one
// `doveadm fetch`: where its copies are (its home and its label folders), its flags and the
// headers that place it in a conversation. From that come X-GM-MSGID, X-GM-THRID and X-GM-LABELS.
import { createHash } from 'node:crypto';
import { GMAIL_PREFIX, GMAIL_STORE_PREFIX, GMAIL_SYSTEM_FOLDERS } from './gmail-layout';
import type { Dovecot } from './types';

export interface GmailMessageFacts {
  guid: string;
  /** INBOX, or a `Store/` backing folder. */
  home: string;
  homeFlags: string[];
  /** Every folder holding a copy, the home included. */
  folders: string[];
  messageId: string;
}

export interface GmailLabelIndex {
  byGuid: Map<string, GmailMessageFacts>;
  /** Message-ID → GUID of that message, for thread roots. */
  byMessageId: Map<string, string>;
  threadRoot: Map<string, string>;
}

interface DoveadmRow {
  mailbox: string;
  guid: string;
  flags: string;
  'hdr.message-id': string;
  'hdr.references': string;
  'hdr.in-reply-to': string;
}

const HOMES = new Set([
  'INBOX',
  ...GMAIL_SYSTEM_FOLDERS.filter((f) => f.backing && f.backing !== 'Important').map(
    (f) => `${GMAIL_STORE_PREFIX}${f.backing}`,
  ),
]);
const firstMessageId = (header: string): string | undefined => /<[^>]+>/.exec(header)?.[0];

export async function readGmailLabelIndex(dovecot: Dovecot, user: string): Promise<GmailLabelIndex> {
  const fetch = (search: string[]) =>
    dovecot.doveadm([
      '-f',
      'json',
      'fetch',
      '-u',
      user,
      'mailbox guid flags hdr.message-id hdr.references hdr.in-reply-to',
      ...search,
    ]);
  // The `[Gmail]/` folders are views over the others; Store/ is a hidden namespace that `*`
  // skips (and that doveadm leaves out of an OR), so it is asked for on its own.
  const outputs = await Promise.all([
    fetch(['mailbox', '*', 'not', 'mailbox', `${GMAIL_PREFIX}*`]),
    fetch(['mailbox', `${GMAIL_STORE_PREFIX}*`]),
  ]);
  const rows = outputs.flatMap((output) => JSON.parse(output || '[]') as DoveadmRow[]);
  const byGuid = new Map<string, GmailMessageFacts>();
  const byMessageId = new Map<string, string>();
  const threadRoot = new Map<string, string>();
  for (const row of rows) {
    const facts = byGuid.get(row.guid) ?? {
      guid: row.guid,
      home: '',
      homeFlags: [],
      folders: [],
      messageId: row['hdr.message-id'].trim(),
    };
    facts.folders.push(row.mailbox);
    if (HOMES.has(row.mailbox)) {
      facts.home = row.mailbox;
      facts.homeFlags = row.flags.split(' ').filter(Boolean);
    }
    byGuid.set(row.guid, facts);
    if (facts.messageId) byMessageId.set(facts.messageId, row.guid);
    const root = firstMessageId(row['hdr.references']) ?? firstMessageId(row['hdr.in-reply-to']) ?? facts.messageId;
    threadRoot.set(row.guid, root || row.guid);
  }
  return { byGuid, byMessageId, threadRoot };
}

/** Gmail's message IDs are unsigned 64-bit numbers; ours is a stable hash of Dovecot's GUID. */
export function gmailMessageId(guid: string): string {
  return (createHash('sha256').update(guid).digest().readBigUInt64BE(0) >> 1n).toString();
}

/** The thread's ID is the X-GM-MSGID of its first message when the account has it, as at Gmail. */
export function gmailThreadId(index: GmailLabelIndex, guid: string): string {
  const root = index.threadRoot.get(guid) ?? guid;
  const rootGuid = index.byMessageId.get(root);
  return gmailMessageId(rootGuid ?? root);
}

const SYSTEM_LABEL_OF = new Map<string, string>([
  ['INBOX', '\\Inbox'],
  ...GMAIL_SYSTEM_FOLDERS.filter((f) => f.backing && f.label).map((f): [string, string] => [
    `${GMAIL_STORE_PREFIX}${f.backing}`,
    f.label as string,
  ]),
]);

export function gmailLabels(index: GmailLabelIndex, guid: string): string[] {
  const facts = index.byGuid.get(guid);
  if (!facts) return [];
  const labels = facts.folders.flatMap((folder) => {
    const system = SYSTEM_LABEL_OF.get(folder);
    if (system) return [system];
    return folder.startsWith(GMAIL_STORE_PREFIX) ? [] : [folder];
  });
  if (facts.homeFlags.includes('\\Flagged')) labels.push('\\Starred');
  return [...new Set(labels)];
}

/** A label as X-GM-LABELS writes it: system labels and plain names as atoms, the rest quoted. */
export function formatLabel(label: string): string {
  if (/^\\?[A-Za-z0-9_.-]+$/.test(label)) return label;
  return `"${label.replace(/(["\\])/g, '\\$1')}"`;
}
