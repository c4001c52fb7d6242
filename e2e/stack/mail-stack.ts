// The local mail stack in one call: a test CA, the authorization server, Dovecot, the
// Gmail-shaped server (when a user lives there), SMTP submission and (unless turned off) a
// private keyring, all in one temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAuthServer } from './auth-server';
import { startDovecot } from './dovecot';
import { startGmailServer } from './gmail-server';
import { startKeyring } from './keyring';
import { reapOnExit } from './reaper';
import { startSubmission } from './submission';
import { createTestCa } from './test-ca';
import type { MailStack, StackUser } from './types';

export interface MailStackOptions {
  /** Folder to use; default a new one under the OS temp folder, removed again by close(). */
  dir?: string;
  accessTokenTtlSeconds?: number;
  users?: StackUser[];
  /** Default true. */
  keyring?: boolean;
  /** Adds dana on the Gmail-shaped server (a second Dovecot and its proxy). Default false. */
  gmail?: boolean;
}

export function defaultStackUsers(opts: { gmail?: boolean } = {}): StackUser[] {
  const users: StackUser[] = [
    { email: 'alice@harbor.test', password: randomBytes(12).toString('base64url'), name: 'Alice Example' },
    { email: 'bob@harbor.test', password: randomBytes(12).toString('base64url'), name: 'Bob Example' },
    // Carol's mail server account takes an app password (PLAIN/LOGIN over TLS) besides OAuth.
    {
      email: 'carol@harbor.test',
      password: randomBytes(12).toString('base64url'),
      name: 'Carol Example',
      appPassword: randomBytes(12).toString('base64url'),
    },
  ];
  if (!opts.gmail) return users;
  // Dana's account is on the Gmail-shaped server (OAuth, or an app password as Gmail allows).
  return [
    ...users,
    {
      email: 'dana@gmail.harbor.test',
      password: randomBytes(12).toString('base64url'),
      name: 'Dana Example',
      appPassword: randomBytes(12).toString('base64url'),
      server: 'gmail',
    },
  ];
}

export async function startMailStack(opts: MailStackOptions = {}): Promise<MailStack> {
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'harbor-stack-')));
  const createdDir = opts.dir === undefined ? dir : undefined;
  const releaseDir = createdDir === undefined ? () => undefined : reapOnExit({ path: createdDir });
  const users = opts.users ?? defaultStackUsers({ gmail: opts.gmail });
  const stoppers: Array<() => Promise<void>> = [];
  const close = async () => {
    await stopAll(stoppers, createdDir);
    releaseDir();
  };
  try {
    const ca = await createTestCa(path.join(dir, 'ca'));
    const auth = await startAuthServer({ dir, ca, users, accessTokenTtlSeconds: opts.accessTokenTtlSeconds });
    stoppers.push(() => auth.close());
    const dovecot = await startDovecot({ dir, ca, auth, users: users.filter((user) => user.server !== 'gmail') });
    stoppers.push(() => dovecot.close());
    const gmailUsers = users.filter((user) => user.server === 'gmail');
    const gmail = gmailUsers.length > 0 ? await startGmailServer({ dir, ca, auth, users: gmailUsers }) : undefined;
    if (gmail) stoppers.push(() => gmail.close());
    const submission = await startSubmission({ dir, ca, auth, dovecot, users });
    stoppers.push(() => submission.close());
    const keyring = opts.keyring === false ? undefined : await startKeyring(path.join(dir, 'keyring'));
    if (keyring) stoppers.push(() => keyring.close());
    return { dir, ca, auth, dovecot, submission, gmail, keyring, users, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** Stop in reverse order, every part even if an earlier one throws; then remove `createdDir`. */
async function stopAll(stoppers: Array<() => Promise<void>>, createdDir: string | undefined): Promise<void> {
  const errors: unknown[] = [];
  for (const stop of stoppers.splice(0).reverse()) {
    try {
      await stop();
    } catch (error) {
      errors.push(error);
    }
  }
  if (createdDir) await rm(createdDir, { recursive: true, force: true });
  if (errors.length > 0) throw new AggregateError(errors, 'some parts of the mail stack failed to stop');
}
