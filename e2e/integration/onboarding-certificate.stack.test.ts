// Setting up a server whose certificate no trusted authority vouches for, through the contract as
// the onboarding screens use it, against the stack's real Dovecot behind a TLS relay: the check
// is refused, main shows the certificate it sees, trusting it pins exactly that one for that
// host:port, the check, the app-password sign-in and the OAuth sign-in then go through, and a
// swapped certificate is refused again (asking again) before any sign-in command is sent.
import { X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { openDatabase } from '../../main/store/database';
import { trustedCertificates } from '../../main/tls/trusted-certificates';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { imapLogin, startCertificateRelay, type CertificateRelay } from '../stack/certificate-relay';
import { startMailStack } from '../stack/mail-stack';
import { expiredCertificate, selfSignedCertificate } from '../stack/tls-test-certificates';
import type { MailStack, ServerCertificate, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let carol: StackUser & { appPassword: string };
let app: AppServices;
let configDir: string;
let certificates: Record<'selfSigned' | 'otherSelfSigned' | 'expired', ServerCertificate>;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  const found = stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword) throw new Error('the default stack has a user with an app password');
  carol = { ...found, appPassword: found.appPassword };
  const dir = path.join(stack.dir, 'onboarding-certificate');
  const [selfSigned, otherSelfSigned, expired] = await Promise.all([
    selfSignedCertificate(path.join(dir, 'self-signed'), 'IP:127.0.0.1'),
    selfSignedCertificate(path.join(dir, 'other-self-signed'), 'IP:127.0.0.1'),
    expiredCertificate(path.join(dir, 'expired'), 'IP:127.0.0.1'),
  ]);
  certificates = { selfSigned, otherSelfSigned, expired };
  configDir = path.join(dir, 'config');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  app = await startAppServices({
    configDir,
    secrets: createSessionSecretStore(),
    opener: signingInAs(stack, carol),
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all(closers.map((close) => close()));
  await stack?.close();
});

async function relayPresenting(certificate: ServerCertificate): Promise<CertificateRelay> {
  const relay = await startCertificateRelay({
    certificate,
    targetPort: stack.dovecot.imapPort,
    ca: stack.ca,
    login: imapLogin,
  });
  closers.push(relay.close);
  return relay;
}

const fingerprintOf = (certificate: ServerCertificate) => new X509Certificate(certificate.certPem).fingerprint256;
const imapAt = (relay: CertificateRelay) => ({ host: '127.0.0.1', port: relay.port, security: 'tls' as const });
const target = (relay: CertificateRelay) => ({ ...imapAt(relay), protocol: 'imap' as const });

/** The pins in the app's store, read as the engine reads them. */
function pins(): string[] {
  const db = openDatabase(path.join(configDir, 'harbor.db'));
  try {
    return trustedCertificates(db).map((pin) => `${pin.port} ${pin.fingerprint256}`);
  } finally {
    db.close();
  }
}

describe('a self-signed IMAP server while setting it up', () => {
  it('is refused, trusted on the certificate main saw, then checked and signed in; a swap asks again', async () => {
    const relay = await relayPresenting(certificates.selfSigned);
    const where = `127.0.0.1:${relay.port}`;
    const signInWithPassword = () =>
      app.client.call('auth.signInWithPassword', {
        email: carol.email,
        password: carol.appPassword,
        imap: imapAt(relay),
      });

    await expect(app.client.call('servers.probe', imapAt(relay))).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} is not trusted: it is self-signed.`,
    });
    await expect(signInWithPassword()).rejects.toMatchObject({ code: 'TLS_FAILED' });
    expect(relay.logins()).toBe(0);

    const shown = await app.client.call('servers.inspectCertificate', target(relay));
    expect(shown).toMatchObject({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates.selfSigned),
      problem: 'untrusted',
      reason: `The certificate of ${where} is not trusted: it is self-signed.`,
    });
    expect(shown.subject).toContain('CN=');
    expect(Date.parse(shown.validTo)).toBeGreaterThan(Date.now());

    // A fingerprint the server does not present is never pinned, whatever the renderer says.
    await expect(
      app.client.call('servers.trustCertificate', {
        ...target(relay),
        fingerprint256: fingerprintOf(certificates.otherSelfSigned),
      }),
    ).rejects.toMatchObject({ code: 'TLS_FAILED', message: expect.stringContaining('now presents another') });
    expect(pins()).toEqual([]);

    await app.client.call('servers.trustCertificate', { ...target(relay), fingerprint256: shown.fingerprint256 });
    expect(pins()).toEqual([`${relay.port} ${shown.fingerprint256}`]);

    const probed = await app.client.call('servers.probe', imapAt(relay));
    expect(probed.authMechanisms).toContain('PLAIN');
    const { accountId } = await signInWithPassword();
    expect(accountId).toContain(carol.email);
    expect(relay.logins()).toBeGreaterThanOrEqual(1);

    relay.present(certificates.otherSelfSigned);
    // Whatever the engine's sync had open was opened on the trusted certificate: count from here.
    const loginsBeforeSwap = relay.logins();
    await expect(app.client.call('servers.probe', imapAt(relay))).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} changed since you trusted it.`,
    });
    await expect(signInWithPassword()).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} changed since you trusted it.`,
    });
    expect(relay.logins()).toBe(loginsBeforeSwap);
    expect(await app.client.call('servers.inspectCertificate', target(relay))).toMatchObject({
      problem: 'changed',
      fingerprint256: fingerprintOf(certificates.otherSelfSigned),
    });
    expect(pins()).toEqual([`${relay.port} ${shown.fingerprint256}`]);
  }, 60_000);

  it('keeps a pin to its own host:port: the same certificate elsewhere is still refused', async () => {
    const trusted = await relayPresenting(certificates.selfSigned);
    const elsewhere = await relayPresenting(certificates.selfSigned);
    await app.client.call('servers.trustCertificate', {
      ...target(trusted),
      fingerprint256: fingerprintOf(certificates.selfSigned),
    });
    await expect(app.client.call('servers.probe', imapAt(trusted))).resolves.toMatchObject({ port: trusted.port });
    await expect(app.client.call('servers.probe', imapAt(elsewhere))).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of 127.0.0.1:${elsewhere.port} is not trusted: it is self-signed.`,
    });
    expect(elsewhere.logins()).toBe(0);
  }, 30_000);

  it('signs in with OAuth at the server the trusted certificate belongs to', async () => {
    const relay = await relayPresenting(certificates.selfSigned);
    await app.client.call('servers.trustCertificate', {
      ...target(relay),
      fingerprint256: fingerprintOf(certificates.selfSigned),
    });
    const { accountId } = await app.client.call('auth.signInToServer', { email: carol.email, imap: imapAt(relay) });
    const account = (await app.client.call('accounts.list', {})).find((candidate) => candidate.id === accountId);
    expect(account).toMatchObject({ email: carol.email, authKind: 'oauth', status: 'active' });
  }, 60_000);
});

describe('an expired certificate while setting up a server', () => {
  it('is refused with its own reason and cannot be trusted by exception', async () => {
    const relay = await relayPresenting(certificates.expired);
    const where = `127.0.0.1:${relay.port}`;
    await expect(app.client.call('servers.probe', imapAt(relay))).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} is not trusted: it has expired.`,
    });
    await expect(app.client.call('servers.inspectCertificate', target(relay))).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining(`The certificate of ${where} has expired, so it cannot be trusted`),
    });
    await expect(
      app.client.call('servers.trustCertificate', {
        ...target(relay),
        fingerprint256: fingerprintOf(certificates.expired),
      }),
    ).rejects.toMatchObject({ code: 'TLS_FAILED' });
    expect(pins().some((pin) => pin.startsWith(`${relay.port} `))).toBe(false);
    expect(relay.logins()).toBe(0);
  }, 30_000);
});
