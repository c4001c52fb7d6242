import net, { type AddressInfo } from 'node:net';
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import type { HeaderRecord } from '../store/mail-store-types';
import { streamHeaders } from './header-fill';
import { identitySource, messageIdentity } from './message-identity';

/**
 * A scripted IMAP server with Gmail's extension: it answers LOGIN, SELECT and one UID FETCH with
 * X-GM-MSGID, and keeps the commands it got.
 */
async function gmailShapedServer(commands: string[]): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('* OK [CAPABILITY IMAP4rev1 X-GM-EXT-1 UIDPLUS] Gimap ready\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end !== -1; end = pending.indexOf('\r\n')) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 2);
        commands.push(line);
        const [tag, verb = '', subcommand = ''] = line.split(' ');
        const command = verb.toUpperCase() === 'UID' ? `UID ${subcommand.toUpperCase()}` : verb.toUpperCase();
        if (command === 'LOGIN') socket.write(`${tag} OK [CAPABILITY IMAP4rev1 X-GM-EXT-1 UIDPLUS] in\r\n`);
        else if (command === 'SELECT') {
          socket.write(
            `* 1 EXISTS\r\n* OK [UIDVALIDITY 11] ok\r\n* OK [UIDNEXT 8] ok\r\n${tag} OK [READ-WRITE] ok\r\n`,
          );
        } else if (command === 'UID FETCH') {
          socket.write(`* 1 FETCH (UID 7 FLAGS (\\Seen) RFC822.SIZE 120 X-GM-MSGID 1278455344230334865)\r\n`);
          socket.write(`${tag} OK Success\r\n`);
        } else if (command === 'LOGOUT') socket.end(`* BYE\r\n${tag} OK bye\r\n`);
        else socket.write(`${tag} OK done\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('a message identity', () => {
  const servers: net.Server[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  it('is X-GM-MSGID where the server has X-GM-EXT-1, asked for in the header FETCH', async () => {
    const commands: string[] = [];
    const server = await gmailShapedServer(commands);
    servers.push(server);
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: 'ann@gmail.test', pass: 'app password' },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    const records: HeaderRecord[] = [];
    try {
      const lock = await client.getMailboxLock('INBOX');
      try {
        await streamHeaders(client, '7', 8, (chunk) => void records.push(...chunk));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
    expect(commands.find((command) => / UID FETCH /i.test(command))).toMatch(/X-GM-MSGID/);
    expect(records.map(({ uid, objectId }) => ({ uid, objectId }))).toEqual([
      { uid: 7, objectId: 'gm:1278455344230334865' },
    ]);
  });

  it('comes from the capabilities: OBJECTID first, then X-GM-EXT-1, else the fallback', () => {
    expect(identitySource(new Map([['X-GM-EXT-1', true]]))).toBe('gmail');
    expect(identitySource(new Map([['OBJECTID', true]]))).toBe('emailid');
    // imapflow asks such a server for EMAILID, so that is what the identity is made of.
    expect(
      identitySource(
        new Map([
          ['OBJECTID', true],
          ['X-GM-EXT-1', true],
        ]),
      ),
    ).toBe('emailid');
    expect(identitySource(new Map([['IMAP4rev1', true]]))).toBe('fallback');
  });

  const parts = {
    messageId: 'a@example.org',
    size: 2_048,
    headerDate: 1_700_000_000_000,
    from: 'Ann@Example.org',
    subject: 'test message 5',
  };

  it("is the server's own identity where it gives one, the guarded fallback where it does not", () => {
    expect(messageIdentity('emailid', { emailId: 'M6d99ac3275bb4e' }, parts)).toBe('emailid:M6d99ac3275bb4e');
    expect(messageIdentity('gmail', { emailId: '1278455344230334865' }, parts)).toBe('gm:1278455344230334865');
    // A server that has the capability but sent nothing for this message: the fallback.
    expect(messageIdentity('emailid', {}, parts)).toBe(messageIdentity('fallback', {}, parts));
    expect(messageIdentity('fallback', {}, parts)).toBe(
      'mid:a@example.org\n2048\n1700000000000\nann@example.org\ntest message 5',
    );
  });

  it('gives the fallback only with a Message-ID, a Date header and a size', () => {
    expect(messageIdentity('fallback', {}, { ...parts, messageId: null })).toBeNull();
    expect(messageIdentity('fallback', {}, { ...parts, headerDate: null })).toBeNull();
    expect(messageIdentity('fallback', {}, { ...parts, size: 0 })).toBeNull();
    // The same Message-ID with another size, sender or subject is another message (SpamAssassin's
    // DKIM suite sends "test message 5" and "test message 6" under one Message-ID, size and Date).
    expect(messageIdentity('fallback', {}, { ...parts, subject: 'test message 6' })).not.toBe(
      messageIdentity('fallback', {}, parts),
    );
    expect(messageIdentity('fallback', {}, { ...parts, size: 2_049 })).not.toBe(messageIdentity('fallback', {}, parts));
    expect(messageIdentity('fallback', {}, { ...parts, from: 'eve@example.org' })).not.toBe(
      messageIdentity('fallback', {}, parts),
    );
  });
});
