// Seeds a user of the Gmail-shaped server: a generated corpus put in its Gmail homes (INBOX, and
// the hidden Store/ folders behind All Mail, Sent Mail, Drafts, Spam and Trash) with one
// `doveadm import` per folder, then every n-th message of the mail in All Mail copied into
// Important and into the user's labels, as Gmail would show the same message under several labels.
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateMessages, type GeneratedMessage, type MailFolder } from './mail-corpus';
import { mailboxGuid, maildirFolderPath, MaildirFolderWriter } from './maildir-writer';
import { resolveRunAs } from './run-as';
import type { Dovecot, StackUser } from './types';

export interface GmailSeedOptions {
  count?: number;
  seed?: number;
  /** Every n-th message of All Mail is also Important. Default 3. */
  importantEvery?: number;
  /** User labels, each on every n-th message of All Mail. */
  labels?: Array<{ name: string; every: number }>;
}

export interface GmailSeedSummary {
  /** Messages per home (INBOX, Store/Sent …). */
  homes: Record<string, number>;
  /** Messages per label folder (Store/Important and the user labels). */
  labels: Record<string, number>;
}

/** Where each folder of the generated corpus lives on the Gmail-shaped server. */
const HOME_OF: Record<MailFolder, { parent: string; name: string }> = {
  INBOX: { parent: '', name: 'INBOX' },
  Archive: { parent: 'Store', name: 'Archive' },
  Sent: { parent: 'Store', name: 'Sent' },
  Drafts: { parent: 'Store', name: 'Drafts' },
  Junk: { parent: 'Store', name: 'Spam' },
  Trash: { parent: 'Store', name: 'Trash' },
};
const IN_ALL_MAIL: MailFolder[] = ['INBOX', 'Archive', 'Sent', 'Drafts'];

export const DEFAULT_GMAIL_LABELS = [
  { name: 'Work', every: 7 },
  { name: 'Receipts', every: 11 },
];

export async function seedGmailUser(
  dovecot: Dovecot,
  user: StackUser,
  opts: GmailSeedOptions = {},
): Promise<GmailSeedSummary> {
  const messages = [...generateMessages({ count: opts.count ?? 300, seed: opts.seed ?? 1, owner: user })];
  const byFolder = new Map<MailFolder, GeneratedMessage[]>();
  for (const message of messages) byFolder.set(message.folder, [...(byFolder.get(message.folder) ?? []), message]);
  const runAs = await resolveRunAs();
  const staging = await mkdtemp(path.join(os.tmpdir(), 'harbor-gmail-seed-'));
  const homes: Record<string, number> = {};
  try {
    await chmod(staging, 0o755);
    // One import per home, side by side (each writes its own folder).
    await Promise.all(
      [...byFolder].map(async ([folder, list]) => {
        const home = HOME_OF[folder];
        const maildir = path.join(staging, folder, 'Maildir');
        const writer = await MaildirFolderWriter.open(maildirFolderPath(maildir, home.name), {
          expectedCount: list.length,
          mailboxGuid: mailboxGuid(opts.seed ?? 1, `${user.email}/${folder}`),
          runAs,
        });
        for (const message of list) await writer.add(message.raw, message.date, message.flags);
        await writer.finish(list.length);
        if (runAs.isOtherUser) {
          for (const dir of [path.join(staging, folder), maildir]) await chown(dir, runAs.uid, runAs.gid);
        }
        const args = ['import', '-u', user.email, '-s', `maildir:${maildir}`, home.parent, 'mailbox', home.name, 'all'];
        await dovecot.doveadm(args);
        homes[home.parent ? `${home.parent}/${home.name}` : home.name] = list.length;
      }),
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const labels: Record<string, number> = {};
  const labelPlan = [
    { name: 'Store/Important', every: opts.importantEvery ?? 3 },
    ...(opts.labels ?? DEFAULT_GMAIL_LABELS),
  ];
  // Each label folder is filled on its own, side by side with the others.
  await Promise.all(
    labelPlan.map(async (label) => {
      await dovecot.doveadm(['mailbox', 'create', '-u', user.email, label.name]).catch(() => undefined);
      labels[label.name] = 0;
      for (const folder of IN_ALL_MAIL) {
        const count = byFolder.get(folder)?.length ?? 0;
        // A fresh folder numbers imported messages from 1 in the order they were written.
        const uids = Array.from({ length: count }, (_, i) => i + 1).filter((uid) => uid % label.every === 0);
        if (uids.length === 0) continue;
        const home = HOME_OF[folder];
        const source = home.parent ? `${home.parent}/${home.name}` : home.name;
        await dovecot.doveadm(['copy', '-u', user.email, label.name, 'mailbox', source, 'uid', uids.join(',')]);
        labels[label.name] = (labels[label.name] ?? 0) + uids.length;
      }
    }),
  );
  return { homes, labels };
}
