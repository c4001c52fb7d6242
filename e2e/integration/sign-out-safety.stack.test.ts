// Sign-out keeps what exists only on this computer and finishes whatever the mail server does,
// through the whole main side: an unsent outbox item and a draft are never deleted without an
// explicit choice (refused, or saved to a file first), and a sign-out behind an IMAP server that
// trickles one byte every 2 s revokes at the authorization server and returns within 10 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveFile } from '../../main/files/save-file';
import { contentBytes, draftTo, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import type { StackUser } from '../stack/types';

let world: AppWorld;
let alice: StackUser;
let bob: StackUser;
/** What the host's save dialog does: by default the person cancels. */
let saveFile: SaveFile = async () => false;

beforeAll(async () => {
  world = await startAppWorld({
    name: 'sign-out-safety',
    relays: { imap: true, smtp: true },
    saveFile: (name, content) => saveFile(name, content),
  });
  [alice, bob] = world.stack.users as [StackUser, StackUser];
}, 120_000);

afterAll(() => world?.close());

const accountIds = async () => (await world.app.client.call('accounts.list', {})).map((account) => account.id);

describe('signing out with mail that exists only here', () => {
  it('is refused without a choice, keeps everything when the save is cancelled, and saves both to a file', async () => {
    const { app, stack } = world;
    const [imapRelay, smtpRelay] = [world.imapRelay!, world.smtpRelay!];
    const accountId = await signIn(app, alice);
    // Both servers away: the message stays in the outbox, the draft never reaches the server's Drafts.
    await Promise.all([imapRelay.stop(), smtpRelay.stop()]);
    const queued = `Waiting in the outbox ${Date.now()}`;
    const { outboxId } = await app.client.call('compose.send', { draftId: await draftTo(app, accountId, bob, queued) });
    await expect
      .poll(async () => (await app.client.call('outbox.list', {})).find((item) => item.id === outboxId)?.state, {
        timeout: 15_000,
      })
      .toBe('retrying');
    const drafted = `Only a draft ${Date.now()}`;
    await draftTo(app, accountId, bob, drafted);
    // An empty draft (a composer opened and closed) is nothing to lose.
    await app.client.call('compose.start', { mode: 'new', accountId });
    expect(await app.client.call('accounts.unsentMail', { accountId })).toEqual({ outbox: 1, drafts: 1 });

    await expect(app.client.call('auth.signOut', { accountId })).rejects.toMatchObject({
      code: 'UNSENT_MAIL',
      message: `${alice.email} has 1 message in the Outbox and 1 draft that exist only on this computer. Save them to a file or discard them first.`,
    });
    await expect(app.client.call('auth.removeAccount', { accountId })).rejects.toMatchObject({ code: 'UNSENT_MAIL' });
    await expect(app.client.call('auth.signOut', { accountId, unsent: 'export' })).rejects.toMatchObject({
      code: 'UNSENT_MAIL',
      message: 'The unsent mail was not saved, so nothing was removed.',
    });
    expect(await accountIds()).toEqual([accountId]);
    expect(await app.client.call('accounts.unsentMail', { accountId })).toEqual({ outbox: 1, drafts: 1 });
    expect(stack.auth.revocations()).toHaveLength(0);

    const saved: { name: string; content: string }[] = [];
    saveFile = async (name, content) => {
      saved.push({ name, content: (await contentBytes(content)).toString('latin1') });
      return true;
    };
    await expect(app.client.call('auth.signOut', { accountId, unsent: 'export' })).resolves.toMatchObject({
      outcome: 'revoked',
    });
    expect(saved.map((file) => file.name)).toEqual([`Unsent mail of ${alice.email}.mbox`]);
    const mbox = saved[0]!.content;
    expect(mbox.match(/^From MAILER-DAEMON /gm)).toHaveLength(2);
    expect(mbox).toContain(`Subject: ${queued}`);
    expect(mbox).toContain(`Subject: ${drafted}`);
    expect(await accountIds()).toEqual([]);
    expect(stack.auth.revocations()).toHaveLength(1);
  }, 90_000);
});

describe('signing out behind an IMAP server that trickles', () => {
  it('revokes at the authorization server and returns within 10 s', async () => {
    const { app, stack } = world;
    const [imapRelay, smtpRelay] = [world.imapRelay!, world.smtpRelay!];
    await Promise.all([imapRelay.start(), smtpRelay.start()]);
    const accountId = await signIn(app, bob);
    // Every session reconnects into a server whose bytes come one every 2 s.
    imapRelay.drip(true);
    imapRelay.cut();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const revocations = stack.auth.revocations().length;

    const started = Date.now();
    await expect(app.client.call('auth.signOut', { accountId })).resolves.toMatchObject({ outcome: 'revoked' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stack.auth.revocations()).toHaveLength(revocations + 1);
    expect(await accountIds()).toEqual([]);
    imapRelay.drip(false);
  }, 60_000);
});
