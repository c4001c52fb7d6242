// The body of a message another session stored the header of (the Inbox watcher) while this
// session had the Inbox selected: the server answers a UID FETCH of a UID this session has not
// been told about with nothing, which once showed new mail as "no longer on the server".
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fetchBodySources } from '../../main/mail/sync/body-sources';
import { startMailStack } from '../stack/mail-stack';
import { seedUsers } from '../stack/seed-mailboxes';
import { accessTokenFor, imapClient } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

let stack: MailStack;
let reading: ImapFlow;
let appending: ImapFlow;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  const alice = stack.users[0] as StackUser;
  await seedUsers(stack.dovecot, [alice], { perUser: 5, seed: 7 });
  const token = await accessTokenFor(stack.auth, stack.ca, alice);
  reading = imapClient(stack.dovecot, stack.ca, alice.email, token);
  appending = imapClient(stack.dovecot, stack.ca, alice.email, token);
  for (const client of [reading, appending]) {
    client.on('error', () => undefined);
    await client.connect();
  }
}, 120_000);

afterAll(async () => {
  await reading?.logout().catch(() => undefined);
  await appending?.logout().catch(() => undefined);
  await stack?.close();
});

it('fetches the body of mail another session added while this one had the Inbox selected', async () => {
  const lock = await reading.getMailboxLock('INBOX');
  try {
    const appended = await appending.append('INBOX', 'Subject: Late\r\n\r\nJust arrived\r\n');
    const uid = (appended as { uid: number }).uid;
    const found: { uid: number; text: string }[] = [];
    for await (const source of fetchBodySources(reading, [uid], new Set()))
      found.push({ uid: source.uid, text: Buffer.from(source.source).toString() });
    expect(found).toEqual([{ uid, text: expect.stringContaining('Just arrived') }]);
  } finally {
    lock.release();
  }
});
