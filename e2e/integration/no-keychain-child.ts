// Child process of no-keychain.stack.test.ts: opens the secret store in whatever environment it
// was given and reports what happened. The secret arrives on stdin and is never printed.
import { text } from 'node:stream/consumers';
import { createKeytarSecretStore } from '../../main/secrets/keytar-secret-store';
import { openSecretStore } from '../../main/secrets/open-secret-store';

export interface NoKeychainReport {
  kind: string;
  warning: string | null;
  readBack: boolean;
  keytarError: string;
}

const secret = await text(process.stdin);
const ref = { accountId: 'sandbox:alice@harbor.test', purpose: 'refresh-token' } as const;
const { store, warning } = await openSecretStore();
await store.set(ref, secret);
const readBack = (await store.get(ref)) === secret;
const keytarError = await createKeytarSecretStore()
  .set(ref, secret)
  .then(
    () => '',
    (error: Error) => `${error.name}: ${error.message}`,
  );
const report: NoKeychainReport = { kind: store.kind, warning, readBack, keytarError };
process.stdout.write(JSON.stringify(report));
