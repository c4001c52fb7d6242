// When the mail servers come back after an outage, what waited for them goes at once, through the
// whole main side and with no manual flush or "Send now": a flag change queued while IMAP was away
// and a message whose SMTP submission failed meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOnServer, draftTo, phaseOf, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { accessTokenFor, imapClient, sendOverSubmission, withImap } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';

let world: AppWorld;
let alice: StackUser;
let bob: StackUser;

beforeAll(async () => {
  world = await startAppWorld({ name: 'reconnect', relays: { imap: true, smtp: true } });
  [alice, bob] = world.stack.users as [StackUser, StackUser];
}, 120_000);

afterAll(() => world?.close());

/** The \Seen flag of the message with this subject, as Dovecot has it (not through the relay). */
async function seenOnServer(user: StackUser, subject: string): Promise<boolean> {
  const { stack } = world;
  const token = await accessTokenFor(stack.auth, stack.ca, user);
  return withImap(imapClient(stack.dovecot, stack.ca, user.email, token), async (client) => {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const [uid] = (await client.search({ subject }, { uid: true })) || [];
    if (uid === undefined) throw new Error(`no message "${subject}" in the Inbox`);
    const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return message ? message.flags?.has('\\Seen') === true : false;
  });
}

describe('the servers back after an outage', () => {
  it('get the queued flag change and the waiting message within 5 s, with no flush or Send now', async () => {
    const { app, stack } = world;
    const [imapRelay, smtpRelay] = [world.imapRelay!, world.smtpRelay!];
    const accountId = await signIn(app, alice, false);
    const unread = `Read me while offline ${Date.now()}`;
    await sendOverSubmission(stack, bob, [alice], unread);
    const page = async () =>
      (await app.client.call('mail.list', { view: { kind: 'unified-inbox' }, offset: 0, limit: 50 })).rows;
    await expect.poll(async () => (await page()).some((row) => row.subject === unread), { timeout: 15_000 }).toBe(true);
    const row = (await page()).find((candidate) => candidate.subject === unread)!;
    expect(row.unread).toBe(true);

    await Promise.all([imapRelay.stop(), smtpRelay.stop()]);
    await expect.poll(() => phaseOf(app, accountId), { timeout: 10_000 }).toBe('offline');
    await app.client.call('mail.setFlags', { messageIds: [row.id], unread: false });
    const subject = `Written while offline ${Date.now()}`;
    const { outboxId } = await app.client.call('compose.send', {
      draftId: await draftTo(app, accountId, bob, subject),
    });
    const item = async () => (await app.client.call('outbox.list', {})).find((entry) => entry.id === outboxId);
    await expect.poll(async () => (await item())?.state, { timeout: 15_000 }).toBe('retrying');
    // Long enough for the retries' own backoff to have grown past the 5 s allowed below.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await seenOnServer(alice, unread)).toBe(false);

    await Promise.all([imapRelay.start(), smtpRelay.start()]);
    const back = Date.now();
    // Both looked at together, so the time measured is the app's, not the checks' one after another.
    const arrived = async () =>
      (await Promise.all([seenOnServer(alice, unread), countOnServer(stack, bob, subject)])).join(' ');
    await expect.poll(arrived, { timeout: 15_000, interval: 100 }).toBe('true 1');
    expect(Date.now() - back).toBeLessThan(5_000);
  }, 120_000);
});
