// The stack's app-password path, for the app's "server without OAuth" fallback: carol signs in to
// Dovecot with a password over TLS (AUTHENTICATE PLAIN, AUTH=LOGIN or the LOGIN command); alice and
// bob stay OAuth-only; the password file holds salted hashes only.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailStack } from './mail-stack';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import type { MailStack, StackUser } from './types';

let stack: MailStack;
let alice: StackUser;
let carol: StackUser & { appPassword: string };

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  const found = stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword) throw new Error('the default stack has a user with an app password');
  carol = { ...found, appPassword: found.appPassword };
  alice = stack.users[0] as StackUser;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

type LoginMethod = 'AUTH=PLAIN' | 'AUTH=LOGIN' | 'LOGIN';

function passwordClient(user: string, pass: string, loginMethod?: LoginMethod): ImapFlow {
  return new ImapFlow({
    host: '127.0.0.1',
    port: stack.dovecot.imapPort,
    secure: true,
    tls: { ca: stack.ca.caPem, servername: 'localhost' },
    auth: loginMethod ? { user, pass, loginMethod } : { user, pass },
    logger: false,
  });
}

describe('app passwords', () => {
  it('offers PLAIN and LOGIN next to the OAuth mechanisms, inside TLS', async () => {
    const capabilities = await withImap(passwordClient(carol.email, carol.appPassword), async (client) => [
      ...client.capabilities.keys(),
    ]);
    expect(capabilities).toEqual(expect.arrayContaining(['CONDSTORE', 'SPECIAL-USE']));
    const config = await readFile(stack.dovecot.configFile, 'utf8');
    expect(config).toMatch(/^auth_mechanisms = xoauth2 oauthbearer plain login$/m);
    expect(config).toMatch(/^ssl = required$/m);
    expect(config).toMatch(/^disable_plaintext_auth = yes$/m);
  });

  it.each<LoginMethod>(['AUTH=PLAIN', 'AUTH=LOGIN', 'LOGIN'])(
    'lets carol in with her app password (%s)',
    async (method) => {
      const inbox = await withImap(passwordClient(carol.email, carol.appPassword, method), async (client) => {
        expect(client.authenticated).toBe(true);
        return client.status('INBOX', { messages: true });
      });
      expect(inbox && inbox.messages).toBe(0);
    },
  );

  it('refuses a wrong app password', async () => {
    await expect(
      withImap(passwordClient(carol.email, `${carol.appPassword}x`), async () => 'in'),
    ).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it("refuses carol's account password (it is for the authorization server only)", async () => {
    await expect(withImap(passwordClient(carol.email, carol.password), async () => 'in')).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it('keeps alice OAuth-only: no password of any kind opens her mailbox', async () => {
    for (const pass of [alice.password, carol.appPassword]) {
      await expect(withImap(passwordClient(alice.email, pass), async () => 'in')).rejects.toMatchObject({
        authenticationFailed: true,
      });
    }
    const token = await accessTokenFor(stack.auth, stack.ca, alice);
    await expect(withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), async () => 'in')).resolves.toBe(
      'in',
    );
  });

  it('stores only a salted SHA512-CRYPT hash, never the app password itself', async () => {
    const file = await readFile(path.join(path.dirname(stack.dovecot.configFile), 'app-passwords'), 'utf8');
    expect(file).toMatch(/^carol@harbor\.test:\{SHA512-CRYPT\}\$6\$/);
    expect(file.trim().split('\n')).toHaveLength(1);
    expect(file).not.toContain(carol.appPassword);
  });
});
