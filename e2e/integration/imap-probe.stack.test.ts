import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeImapServer } from '../../main/servers/imap-probe';
import { startMailStack } from '../stack/mail-stack';
import { createTestCa } from '../stack/test-ca';
import type { MailStack, TestCa } from '../stack/types';
import {
  drippingServer,
  plaintextServer,
  silentServer,
  startTlsServer,
  tlsServer,
  type FakeServer,
} from './fake-imap-servers';

let stack: MailStack;
let otherCa: TestCa;
let otherCaDir: string;
const fakes: FakeServer[] = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  otherCaDir = await mkdtemp(path.join(os.tmpdir(), 'other-ca-'));
  otherCa = await createTestCa(otherCaDir);
});

afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await stack?.close();
  await rm(otherCaDir, { recursive: true, force: true });
});

async function fake(server: Promise<FakeServer>): Promise<number> {
  const started = await server;
  fakes.push(started);
  return started.port;
}

const trusted = () => ({ extraCa: [stack.ca.caPem], idleTimeoutMs: 5_000 });

describe('probing an IMAP server', () => {
  it('reads the real Dovecot over verified TLS and finds its issuer through OAUTHBEARER', async () => {
    const steps: string[] = [];
    const result = await probeImapServer(
      { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
      { ...trusted(), onStep: (step) => steps.push(step) },
    );
    expect(result.tls.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.authMechanisms).toEqual(expect.arrayContaining(['XOAUTH2', 'OAUTHBEARER']));
    expect(result.oauth).toEqual({ openidConfigurationUrl: `${stack.auth.issuer}/.well-known/openid-configuration` });
    expect(steps).toEqual(['connecting', 'tls-established', 'capabilities', 'oauth-discovery', 'done']);
  });

  it('refuses the real Dovecot when its CA is not trusted', async () => {
    const attempt = probeImapServer(
      { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
      { idleTimeoutMs: 5_000 },
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('not trusted'),
    });
  });

  it('refuses a certificate issued for another name', async () => {
    const port = await fake(tlsServer(await stack.ca.issue('elsewhere', ['DNS:elsewhere.test'])));
    await expect(probeImapServer({ host: '127.0.0.1', port, security: 'tls' }, trusted())).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('different server name'),
    });
  });

  it('refuses a certificate from an unknown authority', async () => {
    const port = await fake(tlsServer(await otherCa.issue('stranger', ['IP:127.0.0.1'])));
    await expect(probeImapServer({ host: '127.0.0.1', port, security: 'tls' }, trusted())).rejects.toMatchObject({
      code: 'TLS_FAILED',
    });
  });

  it('refuses a server that answers in plaintext on a TLS port', async () => {
    const port = await fake(plaintextServer());
    await expect(probeImapServer({ host: '127.0.0.1', port, security: 'tls' }, trusted())).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringContaining('did not start a secure (TLS) connection'),
    });
  });

  it('gives up on a silent server', async () => {
    const port = await fake(silentServer());
    await expect(
      probeImapServer({ host: '127.0.0.1', port, security: 'tls' }, { ...trusted(), idleTimeoutMs: 300 }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('gives up on a server that keeps talking without ever answering', async () => {
    const port = await fake(drippingServer());
    await expect(
      probeImapServer({ host: '127.0.0.1', port, security: 'starttls' }, { ...trusted(), timeoutMs: 500 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: `The server at 127.0.0.1:${port} did not answer the server check within 1 second.`,
    });
  });

  it('says plainly when nothing listens', async () => {
    const port = await fake(silentServer());
    await fakes.pop()?.close();
    await expect(probeImapServer({ host: '127.0.0.1', port, security: 'tls' }, trusted())).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      message: `Nothing answers at 127.0.0.1:${port}.`,
    });
  });

  describe('with STARTTLS, which is required, never optional', () => {
    it('upgrades and verifies the certificate', async () => {
      const port = await fake(startTlsServer('upgrades', await stack.ca.issue('starttls', ['IP:127.0.0.1'])));
      const result = await probeImapServer({ host: '127.0.0.1', port, security: 'starttls' }, trusted());
      expect(result.tls.protocol).toMatch(/^TLSv1\.[23]$/);
      expect(result.authMechanisms).toEqual(['PLAIN']);
    });

    it('refuses a server that does not offer STARTTLS', async () => {
      const port = await fake(startTlsServer('refuses', await stack.ca.issue('nostarttls', ['IP:127.0.0.1'])));
      await expect(probeImapServer({ host: '127.0.0.1', port, security: 'starttls' }, trusted())).rejects.toMatchObject(
        {
          code: 'TLS_FAILED',
          message: expect.stringContaining('does not offer STARTTLS'),
        },
      );
    });

    it('refuses a plaintext PREAUTH greeting', async () => {
      const port = await fake(startTlsServer('preauth', await stack.ca.issue('preauth', ['IP:127.0.0.1'])));
      await expect(probeImapServer({ host: '127.0.0.1', port, security: 'starttls' }, trusted())).rejects.toMatchObject(
        {
          code: 'PROTOCOL_ERROR',
        },
      );
    });

    it('refuses bytes injected between the STARTTLS reply and the handshake', async () => {
      const port = await fake(startTlsServer('injects', await stack.ca.issue('injects', ['IP:127.0.0.1'])));
      await expect(probeImapServer({ host: '127.0.0.1', port, security: 'starttls' }, trusted())).rejects.toMatchObject(
        {
          code: 'TLS_FAILED',
          message: 'The server sent data before TLS started.',
        },
      );
    });
  });
});
