// A certificate no trusted authority vouches for can be trusted by exception, pinned to its
// fingerprint: the refused connection reports the certificate, trusting it lets the same account
// sign in, and a server that later shows another certificate is refused (asking again) before
// any credential is sent. IMAP runs against the stack's Dovecot behind a TLS relay whose
// certificate the test swaps; SMTP against a test server that counts AUTH attempts.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../main/auth/provider-presets';
import type { NetworkTrust } from '../../main/auth/types';
import { openImapSession } from '../../main/mail/imap-session';
import { smtpConnectError } from '../../main/mail/smtp/smtp-connect-error';
import { sendOverSmtp } from '../../main/mail/smtp/smtp-send';
import { smtpTransportOptions } from '../../main/mail/smtp/smtp-transport-options';
import { openDatabase, type Db } from '../../main/store/database';
import { createCertificateRefusals } from '../../main/tls/certificate-refusals';
import { inspectServerCertificate } from '../../main/tls/inspect-server-certificate';
import { storeBackedTrust, trustedCertificates } from '../../main/tls/trusted-certificates';
import { imapLogin, smtpAuth, startCertificateRelay, type CertificateRelay } from '../stack/certificate-relay';
import { startMailStack } from '../stack/mail-stack';
import { startPlaintextImapServer } from '../stack/plaintext-imap-server';
import { createTestCa } from '../stack/test-ca';
import { expiredCertificate, selfSignedCertificate } from '../stack/tls-test-certificates';
import { accessTokenFor } from '../stack/stack-test-support';
import { startTestSmtpServer } from '../stack/tls-test-servers';
import type { MailStack, ServerCertificate, StackUser } from '../stack/types';

let stack: MailStack;
let carol: StackUser & { appPassword: string };
let dir: string;
let certificates: Record<'selfSigned' | 'otherSelfSigned' | 'unknownCa' | 'wrongName' | 'expired', ServerCertificate>;
let trustedCa: string[];
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  const found = stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword) throw new Error('the default stack has a user with an app password');
  carol = { ...found, appPassword: found.appPassword };
  dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-exception-'));
  const [unknownCa, expired, selfSigned, otherSelfSigned] = await Promise.all([
    createTestCa(path.join(dir, 'unknown')),
    expiredCertificate(path.join(dir, 'expired'), 'IP:127.0.0.1'),
    selfSignedCertificate(path.join(dir, 'self-signed'), 'IP:127.0.0.1'),
    selfSignedCertificate(path.join(dir, 'other-self-signed'), 'IP:127.0.0.1'),
  ]);
  trustedCa = [stack.ca.caPem, expired.caPem];
  certificates = {
    selfSigned,
    otherSelfSigned,
    unknownCa: await unknownCa.issue('stranger', ['IP:127.0.0.1']),
    wrongName: await stack.ca.issue('elsewhere', ['DNS:elsewhere.test']),
    expired,
  };
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await stack?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Where a relay forwards to, and how the client's sign-in command looks there. */
interface RelayTarget {
  port: () => number;
  login: RegExp;
}
const dovecotImap: RelayTarget = { port: () => stack.dovecot.imapPort, login: imapLogin };
const submissionSmtp: RelayTarget = { port: () => stack.submission.tlsPort, login: smtpAuth };

async function startRelay(
  certificate: ServerCertificate,
  target: RelayTarget = dovecotImap,
): Promise<CertificateRelay> {
  const relay = await startCertificateRelay({
    certificate,
    targetPort: target.port(),
    ca: stack.ca,
    login: target.login,
  });
  closers.push(relay.close);
  return relay;
}

async function freshStore(): Promise<Db> {
  const db = openDatabase(path.join(await mkdtemp(path.join(dir, 'db-')), 'harbor.db'));
  closers.push(async () => db.close());
  return db;
}

const fingerprintOf = (certificate: ServerCertificate) => new X509Certificate(certificate.certPem).fingerprint256;
const endpointAt = (port: number, security: Endpoint['security'] = 'tls'): Endpoint => ({
  host: '127.0.0.1',
  port,
  security,
});

function imapAccount(relay: CertificateRelay, trust: NetworkTrust, db: Db) {
  const endpoint = endpointAt(relay.port);
  const refusals = createCertificateRefusals(db, trust);
  const connect = () =>
    refusals.watch('carol', endpoint, 'imap', () =>
      openImapSession({ endpoint, email: carol.email, password: carol.appPassword }, trust),
    );
  return { endpoint, refusals, connect };
}

describe.each([
  ['self-signed', 'selfSigned', 'it is self-signed'],
  ['from an unknown authority', 'unknownCa', 'it was issued by an authority this computer does not trust'],
  ['for another host name', 'wrongName', 'it was issued for a different server name'],
] as const)('an IMAP certificate %s', (_name, which, problem) => {
  it('is reported, can be trusted, and then the account signs in', async () => {
    const relay = await startRelay(certificates[which]);
    const db = await freshStore();
    const trust = storeBackedTrust(db, trustedCa);
    const { refusals, connect } = imapAccount(relay, trust, db);
    const where = `127.0.0.1:${relay.port}`;

    await expect(connect()).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} is not trusted: ${problem}.`,
    });
    const reported = refusals.certificateOf('carol');
    expect(reported).toMatchObject({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates[which]),
      problem: 'untrusted',
      reason: `The certificate of ${where} is not trusted: ${problem}.`,
    });
    expect(relay.logins()).toBe(0);

    await refusals.trust({ host: '127.0.0.1', port: relay.port, fingerprint256: reported!.fingerprint256 });
    expect(trustedCertificates(db).map((pin) => pin.fingerprint256)).toEqual([fingerprintOf(certificates[which])]);

    const session = await connect();
    expect(session.authenticated).toBeTruthy();
    await session.logout();
    expect(refusals.certificateOf('carol')).toBeNull();
    expect(relay.logins()).toBe(1);
  });
});

describe('a pinned IMAP server that changes its certificate', () => {
  it('is refused as changed before any login, asks again, and keeps the old pin until replaced', async () => {
    const relay = await startRelay(certificates.unknownCa);
    const db = await freshStore();
    const trust = storeBackedTrust(db, trustedCa);
    const { refusals, connect } = imapAccount(relay, trust, db);
    await expect(connect()).rejects.toMatchObject({ code: 'TLS_FAILED' });
    await refusals.trust({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates.unknownCa),
    });
    await (await connect()).logout();
    const loginsBefore = relay.logins();

    for (const swapped of [certificates.selfSigned, certificates.wrongName]) {
      relay.present(swapped);
      await expect(connect()).rejects.toMatchObject({
        code: 'TLS_FAILED',
        message: `The certificate of 127.0.0.1:${relay.port} changed since you trusted it.`,
      });
      expect(relay.logins()).toBe(loginsBefore);
      expect(refusals.certificateOf('carol')).toMatchObject({
        problem: 'changed',
        fingerprint256: fingerprintOf(swapped),
      });
      expect(trustedCertificates(db).map((pin) => pin.fingerprint256)).toEqual([fingerprintOf(certificates.unknownCa)]);
    }

    await refusals.trust({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates.wrongName),
    });
    await (await connect()).logout();
    expect(trustedCertificates(db).map((pin) => pin.fingerprint256)).toEqual([fingerprintOf(certificates.wrongName)]);
  });

  it('is not pinned when the server shows another certificate by the time the user says yes', async () => {
    const relay = await startRelay(certificates.selfSigned);
    const db = await freshStore();
    const trust = storeBackedTrust(db, trustedCa);
    const { refusals, connect } = imapAccount(relay, trust, db);
    await expect(connect()).rejects.toMatchObject({ code: 'TLS_FAILED' });
    relay.present(certificates.otherSelfSigned);
    await expect(
      refusals.trust({ host: '127.0.0.1', port: relay.port, fingerprint256: fingerprintOf(certificates.selfSigned) }),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('now presents another certificate'),
    });
    expect(trustedCertificates(db)).toEqual([]);
  });

  it('trusts nothing the connection did not report', async () => {
    const relay = await startRelay(certificates.selfSigned);
    const db = await freshStore();
    const { refusals } = imapAccount(relay, storeBackedTrust(db, trustedCa), db);
    await expect(
      refusals.trust({ host: '127.0.0.1', port: relay.port, fingerprint256: fingerprintOf(certificates.selfSigned) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(trustedCertificates(db)).toEqual([]);
  });
});

describe('an expired certificate', () => {
  it('fails with its own message and is not offered as an exception', async () => {
    const relay = await startRelay(certificates.expired);
    const db = await freshStore();
    const { refusals, connect } = imapAccount(relay, storeBackedTrust(db, trustedCa), db);
    await expect(connect()).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of 127.0.0.1:${relay.port} is not trusted: it has expired.`,
    });
    expect(refusals.certificateOf('carol')).toBeNull();
    expect(relay.logins()).toBe(0);
  });
});

describe('looking at a certificate over STARTTLS', () => {
  it('reads the IMAP server certificate without logging in', async () => {
    const server = await startPlaintextImapServer(certificates.unknownCa);
    closers.push(() => server.close());
    const seen = await inspectServerCertificate(endpointAt(server.port, 'starttls'), 'imap', { extraCa: trustedCa });
    expect(seen.certificate.fingerprint256).toBe(fingerprintOf(certificates.unknownCa));
    expect(seen.authorizationError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(server.loginAttempts()).toBe(0);
  });

  it('reads the SMTP submission certificate', async () => {
    const seen = await inspectServerCertificate(endpointAt(stack.submission.starttlsPort, 'starttls'), 'smtp', {
      extraCa: [],
    });
    expect(seen.authorizationError).not.toBeNull();
    expect(seen.certificate.issuer).toBe(new X509Certificate(stack.ca.caPem).subject);
  });
});

describe('SMTP with a pinned certificate', () => {
  const email = 'carol@example.test';

  async function verify(port: number, trust: NetworkTrust) {
    const server = endpointAt(port);
    const transport = nodemailer.createTransport(
      smtpTransportOptions({ endpoint: server, email, password: 'x' }, trust),
    );
    try {
      await transport.verify();
      return null;
    } catch (error) {
      return smtpConnectError(error, server, trust);
    } finally {
      transport.close();
    }
  }

  const pinOf = (port: number, certificate: ServerCertificate) => ({
    host: '127.0.0.1',
    port,
    fingerprint256: fingerprintOf(certificate),
    pem: certificate.certPem,
  });

  it.each([
    ['self-signed', 'selfSigned'],
    ['from an unknown authority', 'unknownCa'],
    ['for another host name', 'wrongName'],
  ] as const)('reaches AUTH only when the %s certificate is the pinned one', async (_name, which) => {
    const server = await startTestSmtpServer({ tls: certificates[which] });
    closers.push(() => server.close());
    expect(await verify(server.port, { extraCa: trustedCa })).toMatchObject({ code: 'TLS_FAILED' });
    expect(server.authAttempts()).toBe(0);

    const otherPin = pinOf(server.port, certificates.otherSelfSigned);
    expect(await verify(server.port, { extraCa: trustedCa, pinned: [otherPin] })).toMatchObject({
      code: 'TLS_FAILED',
    });
    expect(server.authAttempts()).toBe(0);

    const pin = pinOf(server.port, certificates[which]);
    expect(await verify(server.port, { extraCa: trustedCa, pinned: [pin] })).toMatchObject({
      code: 'SIGN_IN_REQUIRED',
    });
    expect(server.authAttempts()).toBe(1);
  });

  it('applies a pin only to its own host:port', async () => {
    const server = await startTestSmtpServer({ tls: certificates.selfSigned });
    closers.push(() => server.close());
    const elsewhere = { ...pinOf(server.port + 1, certificates.selfSigned) };
    expect(await verify(server.port, { extraCa: trustedCa, pinned: [elsewhere] })).toMatchObject({
      code: 'TLS_FAILED',
    });
    expect(server.authAttempts()).toBe(0);
  });
});

describe('an outbox submission to an SMTP server with an untrusted certificate', () => {
  async function smtpAccount(relay: CertificateRelay, trust: NetworkTrust, db: Db) {
    const sender = stack.users[0]!;
    const endpoint = endpointAt(relay.port);
    const refusals = createCertificateRefusals(db, trust);
    const accessToken = await accessTokenFor(stack.auth, stack.ca, sender);
    const raw = new TextEncoder().encode(
      `From: ${sender.email}\r\nTo: ${sender.email}\r\nSubject: Pinned SMTP ${Date.now()}\r\n\r\nhello\r\n`,
    );
    const send = () =>
      refusals.watch('carol', endpoint, 'smtp', () =>
        sendOverSmtp(
          { endpoint, email: sender.email, accessToken },
          trust,
          { from: sender.email, to: [sender.email] },
          raw,
        ),
      );
    return { refusals, send };
  }

  it('is reported, trusted, then signs in; a changed certificate is refused as changed before AUTH', async () => {
    const relay = await startRelay(certificates.selfSigned, submissionSmtp);
    const db = await freshStore();
    const trust = storeBackedTrust(db, trustedCa);
    const { refusals, send } = await smtpAccount(relay, trust, db);
    const where = `127.0.0.1:${relay.port}`;

    await expect(send()).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} is not trusted: it is self-signed.`,
    });
    expect(relay.logins()).toBe(0);
    const reported = refusals.certificateOf('carol', 'smtp');
    expect(reported).toMatchObject({
      host: '127.0.0.1',
      port: relay.port,
      fingerprint256: fingerprintOf(certificates.selfSigned),
      problem: 'untrusted',
      reason: `The certificate of ${where} is not trusted: it is self-signed.`,
    });
    expect(refusals.certificateOf('carol', 'imap')).toBeNull();

    expect(
      await refusals.trust({ host: '127.0.0.1', port: relay.port, fingerprint256: reported!.fingerprint256 }),
    ).toEqual(['carol']);
    expect(await send()).toEqual({ rejected: [] });
    expect(relay.logins()).toBe(1);
    expect(refusals.certificateOf('carol', 'smtp')).toBeNull();

    relay.present(certificates.otherSelfSigned);
    await expect(send()).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of ${where} changed since you trusted it.`,
    });
    expect(relay.logins()).toBe(1);
    expect(refusals.certificateOf('carol', 'smtp')).toMatchObject({
      problem: 'changed',
      fingerprint256: fingerprintOf(certificates.otherSelfSigned),
    });
    expect(trustedCertificates(db).map((pin) => pin.fingerprint256)).toEqual([fingerprintOf(certificates.selfSigned)]);
  }, 60_000);
});
