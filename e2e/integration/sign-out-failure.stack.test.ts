// A sign-out the provider cannot confirm (its revocation endpoint answers 503) removes nothing, and
// the account goes on as before through the whole main side: new mail arrives, mail goes out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOnServer, draftTo, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { sendOverSubmission } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';

let world: AppWorld;
let alice: StackUser;
let bob: StackUser;

beforeAll(async () => {
  world = await startAppWorld({ name: 'sign-out-failure' });
  [alice, bob] = world.stack.users as [StackUser, StackUser];
}, 120_000);

afterAll(async () => {
  world?.stack.auth.refuseRevocation(false);
  await world?.close();
});

async function unifiedSubjects(): Promise<string[]> {
  const page = await world.app.client.call('mail.list', { view: { kind: 'unified-inbox' }, offset: 0, limit: 50 });
  return page.rows.map((row) => row.subject);
}

describe('a sign-out whose revocation cannot be confirmed', () => {
  it('removes nothing and leaves the account syncing and sending', async () => {
    const { app, stack } = world;
    const accountId = await signIn(app, alice);

    stack.auth.refuseRevocation(true);
    await expect(app.client.call('auth.signOut', { accountId })).rejects.toMatchObject({ code: 'REVOCATION_PENDING' });
    expect((await app.client.call('accounts.list', {})).map((account) => account.id)).toEqual([accountId]);

    const arriving = `After the failed sign-out ${Date.now()}`;
    await sendOverSubmission(stack, bob, [alice], arriving);
    await expect.poll(unifiedSubjects, { timeout: 10_000 }).toContain(arriving);

    const leaving = `Sent after the failed sign-out ${Date.now()}`;
    await app.client.call('compose.send', { draftId: await draftTo(app, accountId, bob, leaving) });
    await expect.poll(() => countOnServer(stack, bob, leaving), { timeout: 15_000 }).toBe(1);
  }, 90_000);
});
