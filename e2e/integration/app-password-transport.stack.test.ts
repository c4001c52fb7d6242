// The app password only ever travels inside verified TLS: an untrusted certificate or a server
// that does not do STARTTLS (when STARTTLS was asked for) ends the check before any login, and
// the password never crosses the wire in the clear.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyImapPassword } from '../../main/auth/password-sign-in';
import { startMailStack } from '../stack/mail-stack';
import { createTestCa } from '../stack/test-ca';
import type { MailStack, StackUser } from '../stack/types';

const PASSWORD = 'never-in-the-clear-0123';

let stack: MailStack;
let carol: StackUser & { appPassword: string };
let otherCaDir: string;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  const found = stack.users.find((user) => user.appPassword !== undefined);
  if (!found?.appPassword) throw new Error('the default stack has carol');
  carol = { ...found, appPassword: found.appPassword };
  otherCaDir = await mkdtemp(path.join(os.tmpdir(), 'other-ca-'));
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await rm(otherCaDir, { recursive: true, force: true });
});

/** A plaintext IMAP server that offers no STARTTLS and says OK to everything, recording what it hears. */
async function cleartextServer(): Promise<{ port: number; heard: () => string; close: () => Promise<void> }> {
  let heard = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] cleartext IMAP\r\n');
    socket.on('data', (chunk) => {
      heard += chunk.toString('latin1');
      for (const line of chunk.toString('latin1').split('\r\n').filter(Boolean)) {
        const [tag, command] = line.split(' ');
        if (command?.toUpperCase() === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n${tag} OK\r\n`);
        else socket.write(`${tag} OK fine\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    heard: () => heard,
    close: () =>
      new Promise((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}

describe('the app password stays inside verified TLS', () => {
  it('logs in to the real Dovecot over TLS trusted through the test CA', async () => {
    await expect(
      verifyImapPassword(
        {
          endpoint: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
          email: carol.email,
          password: carol.appPassword,
        },
        { extraCa: [stack.ca.caPem] },
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses the real Dovecot when its certificate is not trusted, before any login', async () => {
    const otherCa = await createTestCa(otherCaDir);
    await expect(
      verifyImapPassword(
        {
          endpoint: { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' },
          email: carol.email,
          password: carol.appPassword,
        },
        { extraCa: [otherCa.caPem] },
      ),
    ).rejects.toMatchObject({
      code: 'TLS_FAILED',
      message: expect.stringMatching(/^The certificate of .* is not trusted/),
    });
  });

  it('with STARTTLS asked for, a server without STARTTLS never hears the password', async () => {
    const server = await cleartextServer();
    try {
      const failure = await verifyImapPassword(
        {
          endpoint: { host: '127.0.0.1', port: server.port, security: 'starttls' },
          email: carol.email,
          password: PASSWORD,
        },
        { extraCa: [stack.ca.caPem] },
      ).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'TLS_FAILED' });
      expect(server.heard()).not.toContain(PASSWORD);
      expect(server.heard()).not.toContain(Buffer.from(`\0${carol.email}\0${PASSWORD}`).toString('base64'));
      expect(server.heard()).not.toMatch(/LOGIN|AUTHENTICATE/i);
    } finally {
      await server.close();
    }
  });
});
