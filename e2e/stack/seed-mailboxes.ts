// Seeds the stack's users with a few hundred generated messages each, conversations between
// the seeded users included: a message alice sends bob sits in alice's Sent and bob's INBOX
// with the same Message-ID, bob's reply in bob's Sent and alice's INBOX. Each user's mail is
// written as a temporary Maildir and brought in with one `doveadm import` per user (in
// parallel), which keeps flags and received dates; one `doveadm save` per message costs
// about 15 ms each plus a flags call.
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateMessages, MAIL_FOLDERS, type GeneratedMessage, type MailFolder } from './mail-corpus';
import { SeededRandom } from './mail-random';
import { mailboxGuid, maildirFolderPath, MaildirFolderWriter } from './maildir-writer';
import { resolveRunAs, type RunAs } from './run-as';
import type { Dovecot, StackUser } from './types';

export interface SeedOptions {
  /** Messages generated per user (their copies in other seeded users' folders come on top). Default 300. */
  perUser?: number;
  seed?: number;
}

export interface SeedSummary {
  email: string;
  folders: Record<MailFolder, number>;
}

interface Delivery {
  raw: Buffer;
  date: Date;
  flags: string[];
}

type Mailboxes = Map<MailFolder, Delivery[]>;

const UNREAD_SHARE = 0.3;

export async function seedUsers(dovecot: Dovecot, users: StackUser[], opts: SeedOptions = {}): Promise<SeedSummary[]> {
  const plan = planDeliveries(users, opts.perUser ?? 300, opts.seed ?? 1);
  const runAs = await resolveRunAs();
  const staging = await mkdtemp(path.join(os.tmpdir(), 'harbor-seed-'));
  try {
    await chmod(staging, 0o755);
    await Promise.all(
      users.map(async (user, index) => {
        const maildir = path.join(staging, `user-${index}`, 'Maildir');
        await writeStagingMaildir(maildir, plan.get(user.email) as Mailboxes, runAs);
        await dovecot.doveadm(['import', '-u', user.email, '-s', `maildir:${maildir}`, '', 'all']);
      }),
    );
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return users.map((user) => {
    const mailboxes = plan.get(user.email) as Mailboxes;
    const folders = Object.fromEntries(MAIL_FOLDERS.map((f) => [f, mailboxes.get(f)?.length ?? 0]));
    return { email: user.email, folders: folders as Record<MailFolder, number> };
  });
}

/** Every user's own corpus, plus copies of the messages other seeded users sent them or got from them. */
function planDeliveries(users: StackUser[], perUser: number, seed: number): Map<string, Mailboxes> {
  const plan = new Map<string, Mailboxes>(users.map((u) => [u.email, new Map()]));
  const deliver = (email: string, folder: MailFolder, delivery: Delivery): void => {
    const mailboxes = plan.get(email) as Mailboxes;
    const list = mailboxes.get(folder) ?? [];
    list.push(delivery);
    mailboxes.set(folder, list);
  };
  const corpora = users.map((owner) => ({
    owner,
    messages: [...generateMessages({ count: perUser, seed, owner, correspondents: users })],
  }));
  const repliedBy = new Map<string, Set<string>>();
  for (const m of corpora.flatMap((c) => c.messages)) {
    if (!m.inReplyTo) continue;
    const repliers = repliedBy.get(m.inReplyTo) ?? new Set<string>();
    repliers.add(m.from);
    repliedBy.set(m.inReplyTo, repliers);
  }
  for (const { owner, messages } of corpora) {
    const random = new SeededRandom(seed, `seed-copies:${owner.email}`);
    for (const m of messages) {
      deliver(owner.email, m.folder, { raw: m.raw, date: m.date, flags: m.flags });
      if (m.folder === 'Drafts') continue;
      for (const other of users) {
        if (other.email === owner.email) continue;
        const copy = copyFor(other.email, m, repliedBy.get(m.messageId), random);
        if (copy) deliver(other.email, copy.folder, { raw: m.raw, date: m.date, flags: copy.flags });
      }
    }
  }
  for (const mailboxes of plan.values()) {
    for (const list of mailboxes.values()) list.sort((a, b) => a.date.getTime() - b.date.getTime());
  }
  return plan;
}

/** Where another seeded user keeps a message of this corpus, if they took part in it. */
function copyFor(
  email: string,
  message: GeneratedMessage,
  repliers: Set<string> | undefined,
  random: SeededRandom,
): { folder: MailFolder; flags: string[] } | undefined {
  if (message.from === email) return { folder: 'Sent', flags: ['\\Seen'] };
  if (!message.to.includes(email) && !message.cc.includes(email)) return undefined;
  if (repliers?.has(email)) return { folder: 'INBOX', flags: ['\\Answered', '\\Seen'] };
  return { folder: 'INBOX', flags: random.chance(UNREAD_SHARE) ? [] : ['\\Seen'] };
}

async function writeStagingMaildir(maildir: string, mailboxes: Mailboxes, runAs: RunAs): Promise<void> {
  for (const folder of MAIL_FOLDERS) {
    const deliveries = mailboxes.get(folder) ?? [];
    const writer = await MaildirFolderWriter.open(maildirFolderPath(maildir, folder), {
      expectedCount: deliveries.length,
      mailboxGuid: mailboxGuid(0, folder),
      runAs,
    });
    for (const d of deliveries) await writer.add(d.raw, d.date, d.flags);
    await writer.finish(deliveries.length);
  }
  // doveadm import reads the staging Maildir as the mail user and keeps its own state there.
  if (runAs.isOtherUser) {
    await chown(path.dirname(maildir), runAs.uid, runAs.gid);
    await chown(maildir, runAs.uid, runAs.gid);
  }
}
