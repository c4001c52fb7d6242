// A measurement, not a test: runs only with HARBOR_SYNC_MEASURE=<messages>, e.g.
//   HARBOR_SYNC_MEASURE=50000 npx vitest run e2e/integration/mail-sync-measure.stack.test.ts
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openImapSession } from '../../main/mail/imap-session';
import { createMailWriter } from '../../main/mail/store/mail-writer';
import { openTestStore } from '../../main/mail/store/test-mail-store';
import { measureHeaderSync } from '../../main/mail/sync/sync-measure';
import { writeLargeMailbox } from '../stack/maildir-writer';
import { startMailStack } from '../stack/mail-stack';
import { accessTokenFor } from '../stack/stack-test-support';
import type { StackUser } from '../stack/types';

const count = Number(process.env.HARBOR_SYNC_MEASURE ?? 0);

describe.skipIf(!count)('header sync measurement', () => {
  it(`syncs ${count} Inbox messages`, { timeout: 900_000 }, async () => {
    const stack = await startMailStack({ keyring: false });
    const store = openTestStore();
    try {
      const alice = stack.users[0] as StackUser;
      const maildir = path.join(stack.dir, 'mail', alice.email, 'Maildir');
      const written = await writeLargeMailbox({ maildir, count, seed: 1, owner: alice });
      const accessToken = await accessTokenFor(stack.auth, stack.ca, alice);
      const endpoint = { host: '127.0.0.1', port: stack.dovecot.imapPort, security: 'tls' as const };
      const connect = () =>
        openImapSession(
          { endpoint, email: alice.email, accessToken },
          { extraCa: [stack.ca.caPem] },
          { qresync: true },
        );
      // Dovecot indexes a fresh Maildir on first access: do that before timing anything.
      await (await connect()).logout();
      const result = await measureHeaderSync({
        connect,
        writer: createMailWriter(store.db),
        accountId: store.accountId,
        headerBatchSize: Number(process.env.HARBOR_SYNC_BATCH ?? 2_000),
      });
      console.log(
        JSON.stringify({
          written: written.count,
          ...result,
          ratio: result.bareFetchSeconds / result.headerSyncSeconds,
        }),
      );
      expect(result.messages).toBe(count);
    } finally {
      store.close();
      await stack.close();
    }
  });
});
