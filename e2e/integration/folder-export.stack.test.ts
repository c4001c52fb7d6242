// Exporting a folder as mbox through the whole main side: alice's Inbox (seeded mail plus
// messages with "From " lines and every kind of flag), exported right after sign-in so most bodies
// were never downloaded, is saved through the host's save function, then imported into bob's
// account by Dovecot's own mbox reader (doveadm import); bob's copy holds the same messages, byte
// for byte, with the same flags.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaveFile } from '../../main/files/save-file';
import { contentBytes, signIn, startAppWorld, type AppWorld } from '../stack/app-world.test-support';
import { handOver, resolveRunAs } from '../stack/run-as';
import { accessTokenFor, imapClient, withImap } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';

let world: AppWorld;
let alice: StackUser;
let bob: StackUser;
let saveFile: SaveFile = async () => false;

const crafted = [
  [
    'From: Dana Sender <dana@harbor.test>',
    'To: Alice Example <alice@harbor.test>',
    'Subject: Lines that look like mbox separators',
    'Date: Wed, 3 Sep 2025 08:00:00 +0000',
    'Message-ID: <from-lines@harbor.test>',
    '',
    'From here the quay runs north.',
    '>From there it bends.',
    '>>From the pier, too.',
    ' From an indented line.',
    'Last line without a newline',
  ].join('\r\n'),
  [
    'From: Dana Sender <dana@harbor.test>',
    'To: Alice Example <alice@harbor.test>',
    'Subject: Flagged, answered, forwarded',
    'Date: Wed, 3 Sep 2025 08:05:00 +0000',
    'Message-ID: <flags@harbor.test>',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Grüße vom Hafen.',
    '',
  ].join('\r\n'),
];

interface ServerMessage {
  messageId: string;
  flags: string[];
  source: string;
}

/** A folder's messages as the server holds them: source, and flags without the per-session \Recent. */
async function serverFolder(user: StackUser, folder: string): Promise<ServerMessage[]> {
  const token = await accessTokenFor(world.stack.auth, world.stack.ca, user);
  return withImap(imapClient(world.stack.dovecot, world.stack.ca, user.email, token), async (client) => {
    await client.mailboxOpen(folder, { readOnly: true });
    const messages: ServerMessage[] = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true, source: true, envelope: true })) {
      messages.push({
        messageId: message.envelope?.messageId ?? '',
        flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
        source: message.source?.toString('latin1') ?? '',
      });
    }
    return messages.sort((a, b) => a.messageId.localeCompare(b.messageId) || a.source.localeCompare(b.source));
  });
}

beforeAll(async () => {
  world = await startAppWorld({
    name: 'folder-export',
    seedPerUser: 40,
    saveFile: (name, content) => saveFile(name, content),
  });
  [alice, bob] = world.stack.users as [StackUser, StackUser];
  for (const message of crafted) await world.stack.dovecot.doveadm(['save', '-u', alice.email, '-m', 'INBOX'], message);
  const token = await accessTokenFor(world.stack.auth, world.stack.ca, alice);
  await withImap(imapClient(world.stack.dovecot, world.stack.ca, alice.email, token), async (client) => {
    await client.mailboxOpen('INBOX');
    const [first] =
      (await client.search({ header: { 'message-id': '<from-lines@harbor.test>' } }, { uid: true })) || [];
    const [second] = (await client.search({ header: { 'message-id': '<flags@harbor.test>' } }, { uid: true })) || [];
    await client.messageFlagsAdd(String(first), ['\\Draft', '\\Deleted', 'harbourdues'], { uid: true });
    await client.messageFlagsAdd(String(second), ['\\Seen', '\\Flagged', '\\Answered', '$Forwarded'], { uid: true });
  });
}, 120_000);

afterAll(() => world?.close());

describe('exporting the Inbox as mbox', () => {
  it('saves every message with its flags, and Dovecot imports the same messages and flags', async () => {
    const { app, stack } = world;
    const accountId = await signIn(app, alice, false);
    const inbox = await expect
      .poll(
        async () =>
          (await app.client.call('mail.folders', {})).find((f) => f.accountId === accountId && f.role === 'inbox'),
        {
          timeout: 30_000,
        },
      )
      .toBeDefined()
      .then(async () =>
        (await app.client.call('mail.folders', {})).find((f) => f.accountId === accountId && f.role === 'inbox')!,
      );

    const saved: { name: string; content: Buffer }[] = [];
    saveFile = async (name, content) => {
      saved.push({ name, content: await contentBytes(content) });
      return true;
    };
    const original = await serverFolder(alice, 'INBOX');
    const result = await app.client.call('mail.exportFolder', { folderId: inbox.id });
    expect(result).toEqual({ saved: true, messages: original.length });
    expect(saved.map((file) => file.name)).toEqual([`INBOX of ${alice.email}.mbox`]);
    const mbox = saved[0]!.content.toString('latin1');
    expect(mbox.match(/^From /gm)).toHaveLength(original.length);
    expect(mbox).toContain(
      '\n>From here the quay runs north.\n>>From there it bends.\n>>>From the pier, too.\n From an indented line.\nLast line without a newline\n\n',
    );

    // Dovecot reads the file as the user it runs as.
    const runAs = await resolveRunAs();
    const folder = path.join(stack.dir, 'mbox-import');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'inbox.mbox'), saved[0]!.content);
    await chmod(folder, 0o755);
    await handOver(folder, runAs);
    await stack.dovecot.doveadm([
      'import',
      '-u',
      bob.email,
      '-s',
      `mbox:${folder}:INBOX=${path.join(folder, 'inbox.mbox')}`,
      'Imported',
      'all',
    ]);
    const imported = await serverFolder(bob, 'Imported/INBOX');
    expect(imported.map((message) => message.flags)).toEqual(original.map((message) => message.flags));
    // Dovecot reads mbox without taking back the ">" mboxrd put before "From " lines, and an mbox
    // message always ends with a line end: the sources are the same once both are accounted for.
    const unquoted = imported.map((message) => ({ ...message, source: message.source.replace(/^>(>*From )/gm, '$1') }));
    const lineEnded = original.map((message) => ({ ...message, source: message.source.replace(/(?<!\r\n)$/, '\r\n') }));
    expect(unquoted).toEqual(lineEnded);
    expect(imported.find((message) => message.messageId === '<from-lines@harbor.test>')?.source).toContain(
      '\r\n>From here the quay runs north.\r\n>>From there it bends.\r\n',
    );
  }, 120_000);

  it('saves nothing when the person cancels the save', async () => {
    const folders = await world.app.client.call('mail.folders', {});
    const inbox = folders.find((folder) => folder.role === 'inbox')!;
    saveFile = async () => false;
    expect(await world.app.client.call('mail.exportFolder', { folderId: inbox.id })).toEqual({
      saved: false,
      messages: 0,
    });
  });

  it('stops when the account signs out midway: the save fails with the reason, the rest stays unfetched', async () => {
    const { app, stack } = world;
    // Two messages past the engine's chunk size, so the file comes in more than one piece.
    const large = (n: number) =>
      [
        'From: Dana Sender <dana@harbor.test>',
        `To: ${alice.email}`,
        `Subject: Harbour survey part ${n}`,
        'Date: Thu, 4 Sep 2025 08:00:00 +0000',
        `Message-ID: <survey-${n}@harbor.test>`,
        '',
        ...Array.from({ length: 24_000 }, (_, line) => `Sounding ${line}: four fathoms at the north quay.`),
        '',
      ].join('\r\n');
    for (const n of [1, 2]) await stack.dovecot.doveadm(['save', '-u', alice.email, '-m', 'INBOX'], large(n));
    const [accountId] = (await app.client.call('accounts.list', {})).map((account) => account.id);
    const inbox = (await app.client.call('mail.folders', {})).find((folder) => folder.role === 'inbox')!;

    let firstPiece = 0;
    let afterSignOut: unknown;
    saveFile = async (_name, content) => {
      if (content instanceof Uint8Array) throw new Error('an export is saved piece by piece');
      const pieces = content[Symbol.asyncIterator]();
      const first = await pieces.next();
      firstPiece = first.done ? 0 : first.value.byteLength;
      await app.client.call('auth.signOut', { accountId: accountId! });
      afterSignOut = await pieces.next().catch((error: unknown) => error);
      throw afterSignOut;
    };
    await expect(app.client.call('mail.exportFolder', { folderId: inbox.id })).rejects.toMatchObject({
      message: expect.stringContaining('its account was signed out'),
    });
    expect(firstPiece).toBeGreaterThan(0);
    expect(afterSignOut).toMatchObject({ message: expect.stringContaining('its account was signed out') });
  }, 120_000);
});
