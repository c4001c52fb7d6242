import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../main/auth/provider-presets';
import { openImapSession } from '../../main/mail/imap-session';
import { smtpConnectError } from '../../main/mail/smtp/smtp-connect-error';
import { smtpTransportOptions, type SmtpLogin } from '../../main/mail/smtp/smtp-transport-options';
import { probeImapServer } from '../../main/servers/imap-probe';
import { startMailStack } from '../stack/mail-stack';
import { startPlaintextImapServer, type PlaintextImapServer } from '../stack/plaintext-imap-server';
import { startStrippingProxy, type MailProtocol, type StrippingProxy } from '../stack/starttls-stripping-proxy';
import type { MailStack } from '../stack/types';

// A man in the middle strips STARTTLS. The client must give up before it sends a single byte of
// its credential; the same proxy merely relaying shows the client does get to sign in otherwise.

const email = 'alice@example.test';
const accessToken = `harbor-token-${randomBytes(16).toString('hex')}`;
const password = `harbor-password-${randomBytes(16).toString('hex')}`;
const credentials = [
  { kind: 'access token', secret: accessToken },
  { kind: 'app password', secret: password },
] as const;

let stack: MailStack;
let imapServer: PlaintextImapServer;
let proxy: StrippingProxy | undefined;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  imapServer = await startPlaintextImapServer(await stack.ca.issue('imap-starttls', ['IP:127.0.0.1']));
});

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

afterAll(async () => {
  await imapServer?.close();
  await stack?.close();
});

const trust = () => ({ extraCa: [stack.ca.caPem] });
const base64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');

async function startProxy(protocol: MailProtocol, upstreamPort: number, mode: 'strip' | 'pass') {
  proxy = await startStrippingProxy({ protocol, upstreamPort, mode });
  return { endpoint: { host: '127.0.0.1', port: proxy.port, security: 'starttls' } satisfies Endpoint, proxy };
}

/** The secret in every form a client could put it on the wire: as is, base64, XOAUTH2, PLAIN. */
function secretForms(secret: string): string[] {
  return [
    secret,
    base64(secret),
    base64(`user=${email}\x01auth=Bearer ${secret}\x01\x01`),
    base64(`\0${email}\0${secret}`),
  ];
}

function leakedForms(bytes: Buffer, secret: string): string[] {
  const text = bytes.toString('latin1');
  return secretForms(secret).filter((form) => text.includes(form));
}

/** The commands of a plaintext transcript, without IMAP tags. */
function commands(bytes: Buffer, protocol: MailProtocol): string[] {
  return bytes
    .toString('latin1')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => (protocol === 'imap' ? line.split(' ')[1] : line.split(' ')[0])!.toUpperCase());
}

/** Commands the client sent other than `expected` (an AUTH or LOGIN would show up here). */
function commandsOutside(bytes: Buffer, protocol: MailProtocol, expected: string[]): string[] {
  return commands(bytes, protocol).filter((verb) => !expected.includes(verb));
}

describe('IMAP with STARTTLS stripped by a man in the middle', () => {
  it.each(credentials)('openImapSession gives up before sending the $kind', async ({ kind, secret }) => {
    const { endpoint, proxy } = await startProxy('imap', imapServer.port, 'strip');
    const login = kind === 'access token' ? { accessToken: secret } : { password: secret };
    const attempt = openImapSession({ endpoint, email, ...login }, trust());
    await expect(attempt).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('does not offer STARTTLS'),
    });
    expect(commandsOutside(proxy.clientBytes(), 'imap', ['CAPABILITY', 'LOGOUT'])).toEqual([]);
    expect(leakedForms(proxy.clientBytes(), secret)).toEqual([]);
    expect(imapServer.loginAttempts()).toBe(0);
  });

  it('the server probe refuses the stripped STARTTLS and never authenticates', async () => {
    const { endpoint, proxy } = await startProxy('imap', imapServer.port, 'strip');
    await expect(probeImapServer(endpoint, { ...trust(), idleTimeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('does not offer STARTTLS'),
    });
    expect(proxy.refusedStartTls()).toBe(1);
    expect(commands(proxy.clientBytes(), 'imap')).toEqual(['STARTTLS']);
  });

  it('through the same proxy only relaying, the session upgrades and signs in over TLS', async () => {
    const { endpoint, proxy } = await startProxy('imap', imapServer.port, 'pass');
    const before = imapServer.loginAttempts();
    await expect(openImapSession({ endpoint, email, accessToken }, trust())).rejects.toMatchObject({
      code: 'SIGN_IN_REQUIRED',
    });
    expect(imapServer.loginAttempts()).toBeGreaterThan(before);
    expect(proxy.clientBytes().toString('latin1')).toMatch(/^\S+ STARTTLS\r\n/m);
    expect(leakedForms(proxy.clientBytes(), accessToken)).toEqual([]);
  });
});

describe('SMTP with STARTTLS stripped: the transport settings the outbox must use (smtpTransportOptions)', () => {
  async function verify(login: SmtpLogin) {
    const networkTrust = trust();
    const transport = nodemailer.createTransport(smtpTransportOptions(login, networkTrust));
    try {
      await transport.verify();
      return null;
    } catch (error) {
      return smtpConnectError(error, login.endpoint, networkTrust);
    } finally {
      transport.close();
    }
  }

  it.each(credentials)('gives up before sending the $kind', async ({ kind, secret }) => {
    const { endpoint, proxy } = await startProxy('smtp', stack.submission.starttlsPort, 'strip');
    const login = kind === 'access token' ? { accessToken: secret } : { password: secret };
    expect(await verify({ endpoint, email, ...login })).toMatchObject({
      code: 'TLS_FAILED',
      message: `127.0.0.1:${endpoint.port} does not offer STARTTLS; the app never sends mail without TLS.`,
    });
    expect(proxy.refusedStartTls()).toBe(1);
    expect(commandsOutside(proxy.clientBytes(), 'smtp', ['EHLO', 'STARTTLS', 'QUIT'])).toEqual([]);
    expect(leakedForms(proxy.clientBytes(), secret)).toEqual([]);
  });

  it('through the same proxy only relaying, it upgrades and signs in over TLS', async () => {
    const { endpoint, proxy } = await startProxy('smtp', stack.submission.starttlsPort, 'pass');
    expect(await verify({ endpoint, email, accessToken })).toMatchObject({ code: 'SIGN_IN_REQUIRED' });
    expect(commands(proxy.clientBytes(), 'smtp').slice(0, 2)).toEqual(['EHLO', 'STARTTLS']);
    expect(leakedForms(proxy.clientBytes(), accessToken)).toEqual([]);
  });
});
