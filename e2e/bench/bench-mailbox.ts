import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { accountIdFor, createAccountRepository } from '../../main/accounts/account-repository';
import { testAccount } from '../../main/accounts/accounts.test-support';
import type { Endpoint } from '../../main/auth/provider-presets';
import { openImapSession } from '../../main/mail/imap-session';
import { openDatabase } from '../../main/store/database';
import { startMailStack } from '../stack/mail-stack';
import { writeLargeMailbox } from '../stack/maildir-writer';
import type { MailStack } from '../stack/types';

// One local stack whose app-password user (carol) has an Inbox of generated mail. The bench logs
// in with her app password everywhere (mbsync, the bare fetches, our engine): stock isync has no
// XOAUTH2, and one login method for all keeps the comparison about syncing, not about auth.

export interface BenchMailbox {
  stack: MailStack;
  email: string;
  accountId: string;
  password: string;
  imap: Endpoint;
  messages: number;
  bytes: number;
  connect: () => Promise<ImapFlow>;
  /** A new store file with the account in it, as after sign-in. */
  newStore(): { databaseFile: string; accountId: string };
  close(): Promise<void>;
}

/** `keyring` when the browser host will sign in through the app (it keeps the app password there). */
export async function openBenchMailbox(messages: number, options: { keyring: boolean }): Promise<BenchMailbox> {
  const stack = await startMailStack({ keyring: options.keyring });
  try {
    const carol = stack.users.find((user) => user.appPassword !== undefined);
    if (!carol?.appPassword) throw new Error('the stack has no app-password user');
    const password = carol.appPassword;
    const maildir = path.join(stack.dir, 'mail', carol.email, 'Maildir');
    const written = await writeLargeMailbox({ maildir, count: messages, seed: 1, owner: carol });
    const imap: Endpoint = { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' };
    const connect = () =>
      openImapSession(
        { endpoint: imap, email: carol.email, password },
        { extraCa: [stack.ca.caPem] },
        { qresync: true },
      );
    let stores = 0;
    return {
      stack,
      email: carol.email,
      accountId: accountIdFor(testAccount.providerId, carol.email),
      password,
      imap,
      messages: written.count,
      bytes: written.bytes,
      connect,
      newStore() {
        const folder = mkdtempSync(path.join(stack.dir, `store-${++stores}-`));
        const databaseFile = path.join(folder, 'harbor.db');
        const db = openDatabase(databaseFile);
        const account = createAccountRepository(db).upsertOnSignIn(
          { ...testAccount, email: carol.email, authKind: 'password', imap },
          Date.now(),
        );
        db.close();
        return { databaseFile, accountId: account.id };
      },
      close: () => stack.close(),
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}
