import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../main/auth/provider-presets';
import { openImapSession } from '../../main/mail/imap-session';
import { smtpConnectError } from '../../main/mail/smtp/smtp-connect-error';
import { smtpTransportOptions } from '../../main/mail/smtp/smtp-transport-options';
import { probeImapServer } from '../../main/servers/imap-probe';
import { startPlaintextImapServer, type PlaintextImapServer } from '../stack/plaintext-imap-server';
import { createTestCa } from '../stack/test-ca';
import { expiredCertificate, selfSignedCertificate } from '../stack/tls-test-certificates';
import { startTestSmtpServer, type TestSmtpServer } from '../stack/tls-test-servers';
import type { ServerCertificate } from '../stack/types';
import { tlsServer, type FakeServer } from './fake-imap-servers';

// Every certificate a client must refuse, on IMAP (the session and the server probe) and SMTP
// (the outbox's transport settings): each fails as TLS_FAILED with a message naming the problem.
// A server that offers no TLS at all is refused before any sign-in.

const email = 'alice@example.test';
const accessToken = 'not-a-real-token';

interface CertificateCase {
  name: string;
  certificate: ServerCertificate;
  problem: string;
}

let dir: string;
let extraCa: string[];
let cases: CertificateCase[];
const servers: Array<FakeServer | TestSmtpServer | PlaintextImapServer> = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'certificate-cases-'));
  const [trustedCa, unknownCa, expired, selfSigned] = await Promise.all([
    createTestCa(path.join(dir, 'trusted')),
    createTestCa(path.join(dir, 'unknown')),
    expiredCertificate(path.join(dir, 'expired'), 'IP:127.0.0.1'),
    selfSignedCertificate(path.join(dir, 'self-signed'), 'IP:127.0.0.1'),
  ]);
  // The client trusts the stack-like CA and the CA of the expired certificate, never the unknown one.
  extraCa = [trustedCa.caPem, expired.caPem];
  cases = [
    { name: 'self-signed', certificate: selfSigned, problem: 'it is self-signed' },
    {
      name: 'from an unknown authority',
      certificate: await unknownCa.issue('stranger', ['IP:127.0.0.1']),
      problem: 'it was issued by an authority this computer does not trust',
    },
    {
      name: 'for another host name',
      certificate: await trustedCa.issue('elsewhere', ['DNS:elsewhere.test']),
      problem: 'it was issued for a different server name',
    },
    { name: 'expired', certificate: expired, problem: 'it has expired' },
  ];
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function started<S extends FakeServer | TestSmtpServer | PlaintextImapServer>(server: Promise<S>): Promise<S> {
  const running = await server;
  servers.push(running);
  return running;
}

const endpoint = (port: number, security: Endpoint['security']): Endpoint => ({ host: '127.0.0.1', port, security });
const caseNamed = (name: string) => cases.find((candidate) => candidate.name === name)!;
const names = ['self-signed', 'from an unknown authority', 'for another host name', 'expired'];

async function smtpVerify(server: Endpoint, secret: { accessToken: string } | { password: string }) {
  const transport = nodemailer.createTransport(
    smtpTransportOptions({ endpoint: server, email, ...secret }, { extraCa }),
  );
  try {
    await transport.verify();
    return null;
  } catch (error) {
    return smtpConnectError(error, server, { extraCa });
  } finally {
    transport.close();
  }
}

describe.each(names)('a certificate %s', (name) => {
  it('fails an IMAP session with TLS_FAILED naming the problem', async () => {
    const { certificate, problem } = caseNamed(name);
    const { port } = await started(tlsServer(certificate));
    await expect(
      openImapSession({ endpoint: endpoint(port, 'tls'), email, accessToken }, { extraCa }),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of 127.0.0.1:${port} is not trusted: ${problem}.`,
    });
  });

  it('fails the IMAP server probe the same way', async () => {
    const { certificate, problem } = caseNamed(name);
    const { port } = await started(tlsServer(certificate));
    await expect(probeImapServer(endpoint(port, 'tls'), { extraCa, idleTimeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of 127.0.0.1:${port} is not trusted: ${problem}.`,
    });
  });

  it('fails SMTP with TLS_FAILED naming the problem, before any AUTH', async () => {
    const { certificate, problem } = caseNamed(name);
    const server = await started(startTestSmtpServer({ tls: certificate }));
    expect(await smtpVerify(endpoint(server.port, 'tls'), { accessToken })).toMatchObject({
      code: 'TLS_FAILED',
      message: `The certificate of 127.0.0.1:${server.port} is not trusted: ${problem}.`,
    });
    expect(server.authAttempts()).toBe(0);
  });
});

describe('a server that offers no TLS at all', () => {
  it('is refused for IMAP with STARTTLS required, before any login', async () => {
    const server = await started(startPlaintextImapServer());
    await expect(
      openImapSession({ endpoint: endpoint(server.port, 'starttls'), email, password: 'app-password' }, { extraCa }),
    ).rejects.toMatchObject({ code: 'TLS_FAILED', message: expect.stringContaining('does not offer STARTTLS') });
    expect(server.loginAttempts()).toBe(0);
  });

  it('is refused by the IMAP probe: STARTTLS is not offered', async () => {
    const server = await started(startPlaintextImapServer());
    await expect(
      probeImapServer(endpoint(server.port, 'starttls'), { extraCa, idleTimeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'TLS_FAILED', message: expect.stringContaining('does not offer STARTTLS') });
    expect(server.loginAttempts()).toBe(0);
  });

  it('is refused for IMAP on an implicit-TLS port: it did not start TLS', async () => {
    const server = await started(startPlaintextImapServer());
    await expect(
      openImapSession({ endpoint: endpoint(server.port, 'tls'), email, accessToken }, { extraCa }),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: `127.0.0.1:${server.port} did not start a secure (TLS) connection.`,
    });
    expect(server.loginAttempts()).toBe(0);
  });

  it('is refused for SMTP with STARTTLS required, before any AUTH', async () => {
    const server = await started(startTestSmtpServer({ plaintext: true }));
    expect(await smtpVerify(endpoint(server.port, 'starttls'), { password: 'app-password' })).toMatchObject({
      code: 'TLS_FAILED',
      message: `127.0.0.1:${server.port} does not offer STARTTLS; the app never sends mail without TLS.`,
    });
    expect(server.authAttempts()).toBe(0);
  });
});
