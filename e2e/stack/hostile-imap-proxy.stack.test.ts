// The hostile proxy itself, byte by byte, with a bare TLS client: each behaviour does what it says
// and nothing else, so that tests using it can trust what they measure.
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostileGarbage, startHostileImapProxy, type HostileImapProxy } from './hostile-imap-proxy.test-support';
import { startMailStack } from './mail-stack';
import type { MailStack, StackUser } from './types';

let stack: MailStack;
let carol: StackUser;
let proxy: HostileImapProxy;
const open: tls.TLSSocket[] = [];

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  carol = stack.users.find((user) => user.appPassword) as StackUser;
  proxy = await startHostileImapProxy(stack);
  const session = await connect();
  await session.run(`a LOGIN "${carol.email}" "${carol.appPassword}"`);
  const message = 'Subject: literal\r\n\r\n' + 'x'.repeat(500) + '\r\n';
  await session.run(`b APPEND INBOX {${message.length}+}\r\n${message}`);
});

afterAll(async () => {
  await proxy?.close();
  await stack?.close();
});

afterEach(() => {
  proxy.behave({});
  for (const socket of open.splice(0)) socket.destroy();
});

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A bare client: what arrived (with when), whether the proxy closed, and commands run to their tagged answer. */
async function connect() {
  const socket = tls.connect({ host: '127.0.0.1', port: proxy.port, ca: [stack.ca.caPem] });
  open.push(socket);
  const chunks: { at: number; bytes: Buffer }[] = [];
  let closed = false;
  socket.on('data', (bytes: Buffer) => chunks.push({ at: Date.now(), bytes }));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  const text = () => Buffer.concat(chunks.map((chunk) => chunk.bytes)).toString('latin1');
  await until(() => text().includes('\r\n'), 'the greeting');
  return {
    chunks,
    text,
    closed: () => closed,
    send: (command: string) => socket.write(`${command}\r\n`),
    /** Sends a command (tag first) and resolves with what came back, at its tagged answer or the close. */
    async run(command: string): Promise<string> {
      const from = text().length;
      const tag = command.split(' ')[0];
      socket.write(`${command}\r\n`);
      await until(() => closed || new RegExp(`(^|\\r\\n)${tag} \\S+ .*\\r\\n$`).test(text().slice(from)), command);
      return text().slice(from);
    },
  };
}

async function loggedIn() {
  const session = await connect();
  expect(await session.run(`l LOGIN "${carol.email}" "${carol.appPassword}"`)).toMatch(/^l OK/m);
  return session;
}

describe('the hostile IMAP proxy', () => {
  it('relays faithfully when told nothing, and counts logins and commands', async () => {
    const logins = proxy.logins();
    const selects = proxy.commands('SELECT');
    const session = await loggedIn();
    expect(await session.run('s SELECT INBOX')).toMatch(/^s OK \[READ-WRITE\]/m);
    expect(await session.run('f UID FETCH 1:* (FLAGS)')).toMatch(/^f OK/m);
    expect(proxy.logins()).toBe(logins + 1);
    expect(proxy.commands('SELECT')).toBe(selects + 1);
    expect(proxy.commands('uid fetch')).toBeGreaterThanOrEqual(1);
  });

  it('cuts the connection at the command it was told, before any answer', async () => {
    const session = await loggedIn();
    proxy.behave({ dropOn: 'SELECT' });
    expect(await session.run('s SELECT INBOX')).toBe('');
    expect(session.closed()).toBe(true);
  });

  it('says BYE instead of answering, then closes', async () => {
    const session = await loggedIn();
    proxy.behave({ byeOn: 'SELECT' });
    expect(await session.run('s SELECT INBOX')).toBe('* BYE The hostile proxy closes this connection\r\n');
    expect(session.closed()).toBe(true);
  });

  it('answers garbage instead, and keeps the connection open', async () => {
    const session = await loggedIn();
    proxy.behave({ garbageOn: 'SELECT' });
    session.chunks.length = 0;
    void session.run('s SELECT INBOX');
    await until(() => session.text().length >= hostileGarbage.length, 'the garbage');
    expect(session.text()).toBe(hostileGarbage.toString('latin1'));
    expect(await session.run('n NOOP')).toMatch(/^n OK/m);
    expect(session.closed()).toBe(false);
  });

  it('drips the answer a few bytes at a time', async () => {
    const session = await loggedIn();
    proxy.behave({ drip: { bytes: 16, everyMs: 40 } });
    const from = session.chunks.length;
    const started = Date.now();
    const answer = await session.run('c CAPABILITY');
    const pieces = session.chunks.slice(from);
    expect(pieces.every((chunk) => chunk.bytes.length <= 16)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual((Math.ceil(answer.length / 16) - 1) * 40 * 0.9);
  });

  it('cuts a literal after the bytes it was told', async () => {
    const session = await loggedIn();
    await session.run('s SELECT INBOX');
    proxy.behave({ cutLiteralAfter: 100 });
    const answer = await session.run('f UID FETCH 1:* (BODY.PEEK[])');
    const announced = /\{(\d+)\}\r\n/.exec(answer);
    expect(Number(announced?.[1])).toBeGreaterThan(100);
    expect(answer.length - (announced!.index + announced![0].length)).toBe(100);
    expect(session.closed()).toBe(true);
  });

  it('reports a new UIDVALIDITY in every SELECT, EXAMINE and STATUS answer', async () => {
    const session = await loggedIn();
    const uidValidity = (answer: string) => /UIDVALIDITY (\d+)/.exec(answer)?.[1];
    const real = uidValidity(await session.run('s SELECT INBOX'));
    proxy.behave({ flipUidValidity: true });
    const seen = [
      uidValidity(await session.run('s SELECT INBOX')),
      uidValidity(await session.run('e EXAMINE INBOX')),
      uidValidity(await session.run('t STATUS INBOX (MESSAGES UIDVALIDITY)')),
      uidValidity(await session.run('l LIST "" "*" RETURN (STATUS (UIDVALIDITY))')),
    ];
    expect(real).toMatch(/^\d+$/);
    expect(new Set([real, ...seen]).size).toBe(5);
  });

  it('floods a selected session with untagged responses, between whole answers of the server', async () => {
    const session = await loggedIn();
    proxy.behave({ flood: true });
    // Not before a folder is selected: a login alone gets nothing.
    expect(await session.run('n NOOP')).toMatch(/^n OK/m);
    expect(proxy.floodedBytes()).toBe(0);
    // Tagged answers are followed by more flood: each is found inside what came, not at its end.
    const runAmidFlood = async (command: string) => {
      const from = session.text().length;
      const tag = command.split(' ')[0];
      session.send(command);
      await until(() => new RegExp(`\\r\\n${tag} OK[^\\r]*\\r\\n`).test(session.text().slice(from)), command);
      return session.text().slice(from);
    };
    await runAmidFlood('s SELECT INBOX');
    const answer = await runAmidFlood('f UID FETCH 1:* (BODY.PEEK[])');
    const flooded = proxy.floodedBytes();
    expect(flooded).toBeGreaterThan(0);
    // The literal arrives whole: the flood never lands inside it.
    const announced = /\{(\d+)\}\r\n/.exec(answer)!;
    const literal = answer.slice(
      announced.index + announced[0].length,
      announced.index + announced[0].length + Number(announced[1]),
    );
    expect(literal).toMatch(/^Subject: literal\r\n\r\nx{500}\r\n$/);
    await until(() => proxy.floodedBytes() > flooded + 1_000_000, 'a megabyte more of flood');
    const lines = session
      .text()
      .split('\r\n')
      .filter((line) => line.startsWith('* 1 FETCH (FLAGS'));
    expect(lines.length).toBeGreaterThan(10_000);
    proxy.behave({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = proxy.floodedBytes();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(proxy.floodedBytes()).toBe(stopped);
  });
});
