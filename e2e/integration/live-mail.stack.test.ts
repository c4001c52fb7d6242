// New mail in whatever view is open, through the whole main side (contract, engine worker, the
// real submission server delivering into Dovecot): the Unified Inbox right after sign-in, the
// account's Inbox, with one and with two accounts, and a folder view that is no longer open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListView } from '../../shared/mail-models';
import type { AppServices } from '../stack/app-services';
import { phaseOf, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { sendOverSubmission } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';

let world: AppWorld;
let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let app: AppServices;

beforeAll(async () => {
  world = await startAppWorld({ name: 'live-mail', seedPerUser: 300 });
  ({ stack, app } = world);
  [alice, bob] = stack.users as [StackUser, StackUser];
}, 120_000);

afterAll(() => world?.close());

async function deliver(from: StackUser, to: StackUser[], subject: string): Promise<number> {
  await sendOverSubmission(stack, from, to, subject);
  return Date.now();
}

/** What the renderer's list of that view shows first: the newest page. */
async function subjectsIn(view: ListView): Promise<string[]> {
  const page = await app.client.call('mail.list', { view, offset: 0, limit: 50 });
  return page.rows.map((row) => row.subject);
}

async function inboxOf(accountId: string): Promise<ListView> {
  const folders = await app.client.call('mail.folders', {});
  const inbox = folders.find((folder) => folder.accountId === accountId && folder.role === 'inbox');
  if (!inbox) throw new Error('no Inbox yet');
  return { kind: 'folder', folderId: inbox.id };
}

async function folderOf(accountId: string, role: string): Promise<number> {
  const folder = (await app.client.call('mail.folders', {})).find(
    (candidate) => candidate.accountId === accountId && candidate.role === role,
  );
  if (!folder) throw new Error(`no ${role} folder`);
  return folder.id;
}

/** Milliseconds from delivery until every view lists the subject. */
async function shownWithin(subject: string, views: ListView[], delivered: number): Promise<number> {
  await expect
    .poll(async () => (await Promise.all(views.map(subjectsIn))).every((subjects) => subjects.includes(subject)), {
      timeout: 15_000,
      interval: 100,
    })
    .toBe(true);
  return Date.now() - delivered;
}

/** The user's IMAP sessions open on the server right now. */
async function imapSessionsOf(user: StackUser): Promise<number> {
  const who = await stack.dovecot.doveadm(['who', '-1', user.email]);
  return who.split('\n').filter((line) => line.startsWith(user.email) && line.includes('imap')).length;
}

const unified: ListView = { kind: 'unified-inbox' };

describe('new mail with the Unified Inbox open', () => {
  let aliceId: string;
  let bobId: string;

  it('appears within 5 s of a delivery during the first sync and after it', async () => {
    aliceId = await signIn(app, alice, false);
    // The app opens on the Unified Inbox; the first sync of 300 messages is still running.
    await expect.poll(async () => (await subjectsIn(unified)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const early = `During the first sync ${Date.now()}`;
    expect(
      await shownWithin(early, [unified, await inboxOf(aliceId)], await deliver(bob, [alice], early)),
    ).toBeLessThan(5_000);

    await expect.poll(() => phaseOf(app, aliceId), { timeout: 60_000 }).toBe('idle');
    const later = `After the first sync ${Date.now()}`;
    expect(
      await shownWithin(later, [unified, await inboxOf(aliceId)], await deliver(bob, [alice], later)),
    ).toBeLessThan(5_000);
  }, 120_000);

  it('appears for each of two accounts signed in', async () => {
    bobId = await signIn(app, bob, false);
    await expect
      .poll(async () => (await subjectsIn(await inboxOf(bobId))).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const carol = stack.users[2]!;
    const both = `To both of you ${Date.now()}`;
    const delivered = await deliver(carol, [alice, bob], both);
    expect(await shownWithin(both, [unified, await inboxOf(aliceId), await inboxOf(bobId)], delivered)).toBeLessThan(
      5_000,
    );
    const unifiedRows = await app.client.call('mail.list', { view: unified, offset: 0, limit: 50 });
    expect(new Set(unifiedRows.rows.filter((row) => row.subject === both).map((row) => row.accountId))).toEqual(
      new Set([aliceId, bobId]),
    );
  }, 120_000);

  it('keeps the Inbox live while another folder is open, and stops watching that folder once left', async () => {
    const resting = await imapSessionsOf(alice);
    const archive: ListView = { kind: 'folder', folderId: await folderOf(aliceId, 'archive') };
    await subjectsIn(archive);
    await expect.poll(() => imapSessionsOf(alice), { timeout: 5_000 }).toBe(resting + 1);
    const whileOpen = `While Archive is open ${Date.now()}`;
    expect(await shownWithin(whileOpen, [unified], await deliver(bob, [alice], whileOpen))).toBeLessThan(5_000);

    await subjectsIn(unified);
    await expect.poll(() => imapSessionsOf(alice), { timeout: 5_000 }).toBe(resting);
    const afterwards = `Back in the Unified Inbox ${Date.now()}`;
    expect(await shownWithin(afterwards, [unified], await deliver(bob, [alice], afterwards))).toBeLessThan(5_000);
  }, 60_000);
});
