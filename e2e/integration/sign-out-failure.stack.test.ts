// A sign-out the provider cannot confirm (its revocation endpoint answers 503) removes nothing, and
// the account goes on as before through the whole main side: new mail arrives, mail goes out.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { startAppServices, type AppServices } from '../stack/app-services';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor, imapClient, sendOverSubmission, withImap } from '../stack/stack-test-support';
import type { MailStack, StackUser } from '../stack/types';
import { signingInAs } from './system-browser';

let stack: MailStack;
let alice: StackUser;
let bob: StackUser;
let app: AppServices;

beforeAll(async () => {
  stack = await startMailStack({ keyring: false });
  [alice, bob] = stack.users as [StackUser, StackUser];
  const configDir = path.join(stack.dir, 'sign-out-failure');
  await mkdir(configDir, { recursive: true });
  await writeSandboxConfig(stack, configDir);
  const file = path.join(configDir, 'config.json');
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), undoSendSeconds: 0 }));
  app = await startAppServices({ configDir, secrets: createSessionSecretStore(), opener: signingInAs(stack, alice) });
}, 120_000);

afterAll(async () => {
  stack?.auth.refuseRevocation(false);
  await app?.close();
  await stack?.close();
});

async function unifiedSubjects(): Promise<string[]> {
  const page = await app.client.call('mail.list', { view: { kind: 'unified-inbox' }, offset: 0, limit: 50 });
  return page.rows.map((row) => row.subject);
}

async function inBobsInbox(subject: string): Promise<number> {
  const token = await accessTokenFor(stack.auth, stack.ca, bob);
  return withImap(imapClient(stack.dovecot, stack.ca, bob.email, token), async (client) => {
    const found = await client.mailboxOpen('INBOX', { readOnly: true });
    if (found.exists === 0) return 0;
    return ((await client.search({ subject }, { uid: true })) || []).length;
  });
}

describe('a sign-out whose revocation cannot be confirmed', () => {
  it('removes nothing and leaves the account syncing and sending', async () => {
    const { accountId } = await app.client.call('auth.signIn', { providerId: 'sandbox', loginHint: alice.email });
    await expect
      .poll(async () => (await app.client.call('mail.syncStatus', {})).find((s) => s.accountId === accountId)?.phase, {
        timeout: 30_000,
      })
      .toBe('idle');

    stack.auth.refuseRevocation(true);
    await expect(app.client.call('auth.signOut', { accountId })).rejects.toMatchObject({ code: 'REVOCATION_PENDING' });
    expect((await app.client.call('accounts.list', {})).map((account) => account.id)).toEqual([accountId]);

    const arriving = `After the failed sign-out ${Date.now()}`;
    await sendOverSubmission(stack, bob, [alice], arriving);
    await expect.poll(unifiedSubjects, { timeout: 10_000 }).toContain(arriving);

    const leaving = `Sent after the failed sign-out ${Date.now()}`;
    const draft = await app.client.call('compose.start', { mode: 'new', accountId });
    await app.client.call('compose.save', {
      draftId: draft.id,
      to: [{ name: bob.name, address: bob.email }],
      cc: [],
      bcc: [],
      subject: leaving,
      text: 'Still here.',
      html: null,
    });
    await app.client.call('compose.send', { draftId: draft.id });
    await expect.poll(() => inBobsInbox(leaving), { timeout: 15_000 }).toBe(1);
  }, 90_000);
});
