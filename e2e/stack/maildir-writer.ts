// Writes generated mail straight into Dovecot's Maildir++ files, for mailboxes too large to
// deliver one doveadm call at a time (10k-100k messages). Each message is a file in cur/ whose
// name carries its size (S=, W=) and flags (:2,FS); dovecot-uidlist gives UIDs in date order
// and a fixed UIDVALIDITY; the file's mtime is the message date (Dovecot's INTERNALDATE).
// Files and folders are handed to the account Dovecot runs as, like dovecot.ts does.
import { closeSync, fchownSync, futimesSync, openSync, writeSync } from 'node:fs';
import { chown, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateMessages } from './mail-corpus';
import { SeededRandom } from './mail-random';
import { resolveRunAs, type RunAs } from './run-as';
import type { StackUser } from './types';

/** UIDVALIDITY of every folder these writers create, so benchmarks see the same mailbox. */
export const WRITTEN_UIDVALIDITY = 1_700_000_000;

const MAILDIR_FLAGS: Record<string, string> = { '\\Draft': 'D', '\\Flagged': 'F', '\\Answered': 'R', '\\Seen': 'S' };
const DOVECOT_STATE = /^(dovecot-uidlist|dovecot\.index.*)$/;
const UIDLIST_WRITING = 'dovecot-uidlist.writing';
const YIELD_EVERY = 256;

/** `Maildir` root for INBOX, `.Name` below it for other folders (Maildir++). */
export function maildirFolderPath(maildir: string, folder: string): string {
  return folder === 'INBOX' ? maildir : path.join(maildir, `.${folder.replaceAll('/', '.')}`);
}

function maildirFlagSuffix(flags: readonly string[]): string {
  return flags
    .map((flag) => MAILDIR_FLAGS[flag] ?? '')
    .sort()
    .join('');
}

/**
 * One folder being filled: messages must come oldest first and get UIDs 1, 2, 3... Files are
 * written with synchronous calls (five syscalls a message, several times faster than going
 * through the thread pool); add() yields to the event loop every few hundred messages so
 * servers running in the same process stay responsive.
 */
export class MaildirFolderWriter {
  private written = 0;
  private bytes = 0;
  private uidlistLines: string[] = [];

  private constructor(
    readonly folderPath: string,
    private readonly uidlistFd: number,
    private readonly runAs: RunAs,
  ) {}

  /** Prepare an empty folder (creating it if needed); refuses one that already holds mail. */
  static async open(
    folderPath: string,
    opts: { expectedCount: number; mailboxGuid: string; runAs: RunAs },
  ): Promise<MaildirFolderWriter> {
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(folderPath, sub), { recursive: true });
    const existing = [
      ...(await readdir(path.join(folderPath, 'cur'))),
      ...(await readdir(path.join(folderPath, 'new'))),
    ];
    if (existing.length > 0) throw new Error(`${folderPath} already holds ${existing.length} messages`);
    // Index state from an earlier look at the empty folder would disagree with the new uidlist.
    for (const entry of await readdir(folderPath)) {
      if (DOVECOT_STATE.test(entry)) await rm(path.join(folderPath, entry), { force: true });
    }
    if (path.basename(folderPath).startsWith('.')) await writeFile(path.join(folderPath, 'maildirfolder'), '');
    await handOverFolder(folderPath, opts.runAs);
    const uidlistFd = openSync(path.join(folderPath, UIDLIST_WRITING), 'w', 0o644);
    writeSync(uidlistFd, `3 V${WRITTEN_UIDVALIDITY} N${opts.expectedCount + 1} G${opts.mailboxGuid}\n`);
    return new MaildirFolderWriter(folderPath, uidlistFd, opts.runAs);
  }

  async add(raw: Buffer, date: Date, flags: readonly string[]): Promise<void> {
    const uid = ++this.written;
    const seconds = Math.floor(date.getTime() / 1000);
    // The CRLF message is its own RFC822 size, so S= and W= agree.
    const base = `${seconds}.M${uid}P${process.pid}.harbor,S=${raw.length},W=${raw.length}`;
    const fd = openSync(path.join(this.folderPath, 'cur', `${base}:2,${maildirFlagSuffix(flags)}`), 'wx', 0o644);
    try {
      writeSync(fd, raw);
      futimesSync(fd, date, date);
      if (this.runAs.isOtherUser) fchownSync(fd, this.runAs.uid, this.runAs.gid);
    } finally {
      closeSync(fd);
    }
    this.bytes += raw.length;
    this.uidlistLines.push(`${uid} :${base}\n`);
    if (this.uidlistLines.length === YIELD_EVERY) {
      this.flushUidlist();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Put dovecot-uidlist in place. Returns messages and bytes written. */
  async finish(expectedCount: number): Promise<{ count: number; bytes: number }> {
    this.flushUidlist();
    closeSync(this.uidlistFd);
    if (this.written !== expectedCount) throw new Error(`wrote ${this.written} messages, expected ${expectedCount}`);
    const writing = path.join(this.folderPath, UIDLIST_WRITING);
    if (this.runAs.isOtherUser) await chown(writing, this.runAs.uid, this.runAs.gid);
    await rename(writing, path.join(this.folderPath, 'dovecot-uidlist'));
    return { count: this.written, bytes: this.bytes };
  }

  private flushUidlist(): void {
    if (this.uidlistLines.length) writeSync(this.uidlistFd, this.uidlistLines.join(''));
    this.uidlistLines = [];
  }
}

async function handOverFolder(folderPath: string, runAs: RunAs): Promise<void> {
  if (!runAs.isOtherUser) return;
  for (const dir of [folderPath, ...['cur', 'new', 'tmp'].map((sub) => path.join(folderPath, sub))]) {
    await chown(dir, runAs.uid, runAs.gid);
  }
  if (path.basename(folderPath).startsWith('.'))
    await chown(path.join(folderPath, 'maildirfolder'), runAs.uid, runAs.gid);
}

export function mailboxGuid(seed: number, label: string): string {
  return new SeededRandom(seed, `mailbox-guid:${label}`).hex(32);
}

export interface LargeMailboxOptions {
  /** The user's Maildir root, e.g. `${dir}/mail/<email>/Maildir`. */
  maildir: string;
  count: number;
  seed: number;
  owner: StackUser;
  /** Default INBOX. */
  folder?: string;
}

export interface LargeMailboxResult {
  folderPath: string;
  count: number;
  bytes: number;
  seconds: number;
  messagesPerSecond: number;
}

/**
 * Fill one empty folder with `count` generated messages (all of them, whatever folder the
 * generator meant them for), streaming: one message in memory at a time plus the writes in flight.
 */
export async function writeLargeMailbox(opts: LargeMailboxOptions): Promise<LargeMailboxResult> {
  const started = performance.now();
  const folder = opts.folder ?? 'INBOX';
  const folderPath = maildirFolderPath(opts.maildir, folder);
  const writer = await MaildirFolderWriter.open(folderPath, {
    expectedCount: opts.count,
    mailboxGuid: mailboxGuid(opts.seed, `${opts.owner.email}/${folder}`),
    runAs: await resolveRunAs(),
  });
  for (const message of generateMessages({ count: opts.count, seed: opts.seed, owner: opts.owner })) {
    await writer.add(message.raw, message.date, message.flags);
  }
  const { count, bytes } = await writer.finish(opts.count);
  const seconds = (performance.now() - started) / 1000;
  return { folderPath, count, bytes, seconds, messagesPerSecond: count / seconds };
}
