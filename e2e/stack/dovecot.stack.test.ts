// The stack's Dovecot against the real authorization server: OAuth logins over both SASL
// mechanisms, the refusals that matter, the special-use folders, TLS only, and the Maildir
// layout that seeding relies on.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer } from './auth-server';
import { DoveadmError, startDovecot } from './dovecot';
import { probeImapSasl, type OauthMechanism } from './imap-sasl-probe';
import { revoke } from './oauth-test-client';
import { resolveRunAs } from './run-as';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';
import { createTestCa } from './test-ca';
import { introspectToken } from './token-introspection';
import type { AuthServer, Dovecot, StackUser, TestCa } from './types';

const alice: StackUser = { email: 'alice@harbor.test', password: 'alice-pw-1', name: 'Alice Example' };
const bob: StackUser = { email: 'bob@harbor.test', password: 'bob-pw-2', name: 'Bob Example' };
/** Has an account at the authorization server but no mailbox in Dovecot. */
const carol: StackUser = { email: 'carol@harbor.test', password: 'carol-pw-3', name: 'Carol Example' };
const MECHANISMS: OauthMechanism[] = ['XOAUTH2', 'OAUTHBEARER'];

let dir: string;
let ca: TestCa;
let auth: AuthServer;
let dovecot: Dovecot;
let aliceToken: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'harbor-dovecot-test-'));
  ca = await createTestCa(path.join(dir, 'ca'));
  auth = await startAuthServer({ dir, ca, users: [alice, bob, carol] });
  dovecot = await startDovecot({ dir, ca, auth, users: [alice, bob] });
  aliceToken = await accessTokenFor(auth, ca, alice);
});

afterAll(async () => {
  await dovecot?.close();
  await auth?.close();
  await rm(dir, { recursive: true, force: true });
});

function probe(mechanism: OauthMechanism, user: string, accessToken: string) {
  return probeImapSasl({ port: dovecot.imapPort, caPem: ca.caPem, mechanism, user, accessToken });
}

describe('OAuth login', () => {
  it('lets imapflow in with an access token and offers the extensions the app uses', async () => {
    const capabilities = await withImap(imapClient(dovecot, ca, alice.email, aliceToken), async (client) => {
      expect(client.authenticated).toBe(true);
      return [...client.capabilities.keys()];
    });
    expect(capabilities).toEqual(expect.arrayContaining(['CONDSTORE', 'QRESYNC', 'IDLE', 'MOVE', 'SPECIAL-USE']));
  });

  it.each(MECHANISMS)('accepts a valid token over %s', async (mechanism) => {
    const result = await probe(mechanism, alice.email, aliceToken);
    expect(result.status).toBe('OK');
    expect(result.errorChallenge).toBeUndefined();
  });

  it.each(MECHANISMS)('refuses a bogus token over %s with an error challenge, then NO', async (mechanism) => {
    const result = await probe(mechanism, alice.email, 'not-a-token-the-server-issued');
    expect(result.status).toBe('NO');
    expect(result.text).toContain('AUTHENTICATIONFAILED');
    expect(result.errorChallenge).toBeDefined();
  });

  it('names the discovery document in the OAUTHBEARER failure (RFC 7628 §3.2.2)', async () => {
    const result = await probe('OAUTHBEARER', alice.email, 'not-a-token-the-server-issued');
    expect(result.errorChallenge).toEqual({
      status: 'invalid_token',
      'openid-configuration': `${auth.issuer}/.well-known/openid-configuration`,
    });
  });

  it('refuses a token after it was revoked', async () => {
    const token = await accessTokenFor(auth, ca, alice);
    expect((await probe('OAUTHBEARER', alice.email, token)).status).toBe('OK');
    await revoke({
      issuer: auth.issuer,
      caPem: ca.caPem,
      clientId: auth.appClientId,
      token,
      tokenTypeHint: 'access_token',
    });
    expect((await probe('OAUTHBEARER', alice.email, token)).status).toBe('NO');
    await expect(withImap(imapClient(dovecot, ca, alice.email, token), async () => 'in')).rejects.toThrow();
  });

  it.each(MECHANISMS)("refuses Alice's token used as Bob over %s", async (mechanism) => {
    expect((await probe(mechanism, bob.email, aliceToken)).status).toBe('NO');
  });

  it('refuses a valid token of an account that has no mailbox here', async () => {
    const carolToken = await accessTokenFor(auth, ca, carol);
    expect(await introspectToken(auth.introspection, ca.caPem, carolToken)).toMatchObject({ active: true });
    const result = await probe('OAUTHBEARER', carol.email, carolToken);
    expect(result.status).toBe('NO');
    expect(result.text).toContain('AUTHENTICATIONFAILED');
  });

  it('refuses a token without the mail.imap scope', async () => {
    const smtpOnly = await accessTokenFor(auth, ca, alice, 'mail.smtp');
    expect(await introspectToken(auth.introspection, ca.caPem, smtpOnly)).toMatchObject({
      active: true,
      scope: 'mail.smtp',
    });
    expect((await probe('OAUTHBEARER', alice.email, smtpOnly)).status).toBe('NO');
  });
});

describe('mailboxes', () => {
  it('lists INBOX and the five special-use folders, all subscribed', async () => {
    const folders = await withImap(imapClient(dovecot, ca, alice.email, aliceToken), (client) => client.list());
    const byPath = Object.fromEntries(folders.map((folder) => [folder.path, folder]));
    expect(Object.keys(byPath).sort()).toEqual(['Archive', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
    for (const [name, flag] of [
      ['Sent', '\\Sent'],
      ['Drafts', '\\Drafts'],
      ['Trash', '\\Trash'],
      ['Archive', '\\Archive'],
      ['Junk', '\\Junk'],
    ] as const) {
      expect(byPath[name]?.flags.has(flag), `${name} has ${flag}`).toBe(true);
      expect(byPath[name]?.subscribed, `${name} subscribed`).toBe(true);
    }
  });

  it('stores mail saved with doveadm as Maildir++ under the stack folder, owned by the mail user', async () => {
    const message = 'From: bob@harbor.test\r\nTo: alice@harbor.test\r\nSubject: seeded\r\n\r\nSeeded body\r\n';
    await dovecot.doveadm(['save', '-u', alice.email, '-m', 'Archive'], message);

    const archive = path.join(dir, 'mail', alice.email, 'Maildir', '.Archive');
    const files = [...(await readdir(path.join(archive, 'new'))), ...(await readdir(path.join(archive, 'cur')))];
    expect(files).toHaveLength(1);
    const runAs = await resolveRunAs();
    expect((await stat(path.join(archive, 'new', files[0] ?? ''))).uid).toBe(runAs.uid);

    const subjects = await withImap(imapClient(dovecot, ca, alice.email, aliceToken), async (client) => {
      const lock = await client.getMailboxLock('Archive');
      try {
        const found: string[] = [];
        for await (const item of client.fetch('1:*', { envelope: true })) found.push(item.envelope?.subject ?? '');
        return found;
      } finally {
        lock.release();
      }
    });
    expect(subjects).toEqual(['seeded']);
  });

  it('rejects doveadm commands for users it does not have', async () => {
    const failure = await dovecot.doveadm(['user', carol.email]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DoveadmError);
    expect((failure as DoveadmError).exitCode).toBe(67);
    expect((failure as DoveadmError).message).toContain("doesn't exist");
  });
});

describe('transport', () => {
  it('speaks only TLS on the IMAP port: a plaintext client gets no IMAP greeting', async () => {
    const received = await new Promise<string>((resolve) => {
      let data = '';
      const socket = net.connect({ host: '127.0.0.1', port: dovecot.imapPort });
      socket.setEncoding('latin1');
      socket.on('connect', () => socket.write('a1 CAPABILITY\r\n'));
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(data));
      setTimeout(() => socket.destroy(), 3000).unref();
    });
    expect(received).not.toContain('* OK');
    expect(received).not.toContain('CAPABILITY');
  });

  it('fails an imapflow connection that does not start TLS', async () => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.imapPort,
      secure: false,
      doSTARTTLS: false,
      greetingTimeout: 2000,
      auth: { user: alice.email, accessToken: aliceToken },
      logger: false,
    });
    await expect(withImap(client, async () => 'in')).rejects.toThrow();
  });
});
