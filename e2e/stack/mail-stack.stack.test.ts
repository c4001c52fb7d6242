// The composed stack starts with every part working together, and close() leaves nothing
// behind: no listening port, no Dovecot process, no folder.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { isPortClosed } from './free-port';
import { startMailStack } from './mail-stack';
import { accessTokenFor, imapClient, withImap } from './stack-test-support';

/** Pids of live processes whose command line mentions `text`. */
async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

it('starts a working stack and leaves nothing behind after close()', async () => {
  const stack = await startMailStack();
  const [alice] = stack.users;
  if (!alice) throw new Error('the default stack has users');
  const ports = [stack.auth.port, stack.dovecot.imapPort, stack.submission.tlsPort, stack.submission.starttlsPort];
  const dovecotPid = Number((await readFile(path.join(stack.dir, 'dovecot', 'run', 'master.pid'), 'utf8')).trim());
  try {
    expect(stack.users.map((user) => user.email)).toEqual([
      'alice@harbor.test',
      'bob@harbor.test',
      'carol@harbor.test',
    ]);
    expect(stack.users.map((user) => user.appPassword !== undefined)).toEqual([false, false, true]);
    expect(stack.keyring?.env.DBUS_SESSION_BUS_ADDRESS).toMatch(/^unix:/);
    for (const port of ports) expect(await isPortClosed(port), `port ${port} listens`).toBe(false);
    expect(processGroupAlive(dovecotPid)).toBe(true);

    const token = await accessTokenFor(stack.auth, stack.ca, alice);
    const inbox = await withImap(imapClient(stack.dovecot, stack.ca, alice.email, token), (client) =>
      client.status('INBOX', { messages: true }),
    );
    expect(inbox && inbox.messages).toBe(0);
  } finally {
    await stack.close();
  }

  for (const port of ports) expect(await isPortClosed(port), `port ${port} still listens`).toBe(true);
  expect(processGroupAlive(dovecotPid), 'a Dovecot process survived').toBe(false);
  expect(await processesMentioning(stack.dir)).toEqual([]);
  await expect(stat(stack.dir)).rejects.toThrow(/ENOENT/);
});
