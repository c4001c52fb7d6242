import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/database';
import { openBenchMailbox, type BenchMailbox } from '../bench/bench-mailbox';
import { buildBenchBundles } from '../bench/bench-bundles';
import { runEngineSync } from '../bench/engine-sync-run';
import { measureServerBytes } from '../bench/server-bytes';

// The engine as the app bundles it (its worker threads built by esbuild next to it), on an Inbox
// large enough for the header fill to run on its own session and thread.
const MESSAGES = 2_500;
let box: BenchMailbox;

beforeAll(async () => {
  await buildBenchBundles();
  box = await openBenchMailbox(MESSAGES, { keyring: false });
}, 180_000);

afterAll(async () => {
  await box?.close();
});

describe('the bundled engine on a large Inbox', () => {
  it('fills the headers on a second session and stores every message once, with its body', async () => {
    const store = box.newStore();
    const { sessions } = await measureServerBytes(box.stack.dovecot.logFile, () =>
      runEngineSync({
        ...store,
        email: box.email,
        password: box.password,
        imap: box.imap,
        caPem: box.stack.ca.caPem,
        messages: box.messages,
      }),
    );
    // The sync's session, the header fill's, and the one that keeps the Inbox live once its headers are in.
    expect(sessions).toBe(3);
    const db = openDatabase(store.databaseFile);
    try {
      const inbox = db
        .prepare<[], { stored: number; uids: number; bodies: number; lowest: number }>(
          `SELECT count(*) AS stored, count(DISTINCT m.uid) AS uids, sum(m.has_body) AS bodies, b.synced_down_to_uid AS lowest
           FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id WHERE b.path = 'INBOX'`,
        )
        .get();
      expect(inbox).toEqual({ stored: MESSAGES, uids: MESSAGES, bodies: MESSAGES, lowest: 1 });
    } finally {
      db.close();
    }
  }, 180_000);
});
