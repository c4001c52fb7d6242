// Short-lived access tokens under steady mail use: the real token manager, token client, session
// secret store and SQLite store against the stack's authorization server, Dovecot and SMTP, with
// IMAP and SMTP asking for a token at the same instant all the time. The server's own record of
// token requests must show exactly one refresh per token lifetime.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAccountRepository, type Account } from '../../main/accounts/account-repository';
import { createActivityLog } from '../../main/activity/activity-log';
import { beginSignIn } from '../../main/auth/authorization-flow';
import { createTokenClient } from '../../main/auth/token-client';
import { createTokenManager, type TokenManager } from '../../main/auth/token-manager';
import type { OAuthClientConfig } from '../../main/auth/types';
import { openImapSession } from '../../main/mail/imap-session';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { openDatabase, type Db } from '../../main/store/database';
import { startMailStack } from '../stack/mail-stack';
import { SmtpDialogue } from '../stack/smtp-dialogue';
import type { MailStack, StackUser } from '../stack/types';
import { completeInBrowser } from './system-browser';

// Expiry is counted in whole seconds and rounded down, at the server and in openid-client, so a
// token can die up to a second before its nominal lifetime; the token manager renews
// min(60 s, lifetime / 10) ahead, which leaves room for that only for lifetimes above 10 s.
const LIFETIME_MS = 20_000;
/** The earliest a token may be renewed: 90% into the shortest lifetime the rounding leaves. */
const EARLIEST_RENEWAL_MS = 0.9 * (LIFETIME_MS - 1_000);
const MAIL_USE_MS = 60_000;
const ASK_PAUSE_MS = 10;

let stack: MailStack;
let alice: StackUser;
let dir: string;
let db: Db;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false, accessTokenTtlSeconds: LIFETIME_MS / 1000 });
  alice = stack.users[0] as StackUser;
  dir = await mkdtemp(path.join(os.tmpdir(), 'harbor-token-lifetime-'));
  db = openDatabase(path.join(dir, 'harbor.db'));
});

afterAll(async () => {
  db?.close();
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const trust = () => ({ extraCa: [stack.ca.caPem] });

/** Signs alice in through the system browser and hands the tokens to a fresh token manager. */
async function signedInTokenManager(): Promise<{ tokens: TokenManager; account: Account }> {
  const config: OAuthClientConfig = {
    issuer: stack.auth.issuer,
    clientId: stack.auth.appClientId,
    scopes: ['openid', 'email', 'offline_access', ...stack.auth.mailScopes],
  };
  const pending = await beginSignIn(config, { trust: trust(), openBrowser: async () => undefined, prompt: 'consent' });
  await completeInBrowser(pending.authorizationUrl, { ...alice, issuer: stack.auth.issuer, caPem: stack.ca.caPem });
  const { tokens: signedIn } = await pending.result;

  const accounts = createAccountRepository(db);
  const endpoint = (port: number) => ({ host: '127.0.0.1', port, security: 'tls' as const });
  const account = accounts.upsertOnSignIn(
    {
      providerId: 'sandbox',
      email: alice.email,
      displayName: null,
      ...config,
      scopes: signedIn.scopes,
      imap: endpoint(stack.dovecot.imapPort),
      smtp: endpoint(stack.submission.tlsPort),
    },
    Date.now(),
  );
  const tokens = createTokenManager({
    secrets: createSessionSecretStore(),
    accounts,
    activity: createActivityLog(db),
    refresh: createTokenClient(trust()).refresh,
    clientConfig: () => config,
  });
  await tokens.adoptSignIn(account.id, signedIn);
  return { tokens, account };
}

/** What the submission server says to AUTH XOAUTH2 with this token. */
async function smtpAuthReply(email: string, accessToken: string): Promise<number> {
  const smtp = await SmtpDialogue.open(stack.submission.tlsPort, stack.ca.caPem);
  try {
    await smtp.command('EHLO harbor.test');
    const xoauth2 = Buffer.from(`user=${email}\x01auth=Bearer ${accessToken}\x01\x01`).toString('base64');
    return (await smtp.command(`AUTH XOAUTH2 ${xoauth2}`)).code;
  } finally {
    smtp.close();
  }
}

async function repeatUntil(deadline: number, step: () => Promise<void>): Promise<void> {
  while (Date.now() < deadline) {
    await step();
    await delay(ASK_PAUSE_MS);
  }
}

const tokenRequestTimes = (grantType: string) =>
  stack.auth
    .tokenRequests()
    .filter((request) => request.grantType === grantType)
    .map((request) => request.at);

it(
  'makes exactly one token request per access-token lifetime while IMAP and SMTP ask at once',
  async () => {
    const { tokens, account } = await signedInTokenManager();
    const [signInAt = 0] = tokenRequestTimes('authorization_code');
    const tokensHandedOut = new Set<string>();
    const failures: string[] = [];
    let lastAskAt = 0;
    const ask = async () => {
      const token = await tokens.getAccessToken(account.id);
      lastAskAt = Date.now();
      tokensHandedOut.add(token);
      return token;
    };
    const useImap = async () => {
      const login = { endpoint: account.imap, email: account.email, accessToken: await ask() };
      await openImapSession(login, trust())
        .then(async (session) => {
          await session.mailboxOpen('INBOX', { readOnly: true });
          await session.logout();
        })
        .catch((error: Error) => failures.push(`IMAP: ${error.message}`));
    };
    const useSmtp = async () => {
      const reply = await smtpAuthReply(account.email, await ask());
      if (reply !== 235) failures.push(`SMTP AUTH answered ${reply}`);
    };

    // Every round, IMAP and SMTP ask in the same instant, so the first ask after a token enters
    // its refresh window always comes from both.
    await repeatUntil(Date.now() + MAIL_USE_MS, async () => {
      await Promise.all([useImap(), useSmtp()]);
    });

    expect(failures).toEqual([]);
    const refreshes = tokenRequestTimes('refresh_token');
    // Every refresh gave the token that was then used: no refresh was wasted or duplicated.
    expect(refreshes).toHaveLength(tokensHandedOut.size - 1);
    // Each token was renewed once it entered its refresh window and before it expired, so the
    // refreshes are one lifetime apart and none was skipped or doubled.
    const tokenStarts = [signInAt, ...refreshes];
    const lifetimesUsed = refreshes.map((at, index) => at - (tokenStarts[index] ?? 0));
    for (const used of lifetimesUsed) {
      expect(used).toBeGreaterThanOrEqual(EARLIEST_RENEWAL_MS);
      expect(used).toBeLessThan(LIFETIME_MS);
    }
    // And the last token was still within its lifetime when the mail use stopped.
    expect(lastAskAt - (tokenStarts.at(-1) ?? 0)).toBeLessThan(LIFETIME_MS);
  },
  MAIL_USE_MS + 30_000,
);
