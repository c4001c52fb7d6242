import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installedElectronBinary, launchElectron } from '../app/electron-binary';
import { ensureNativeAbi } from '../app/native-abi';
import { appEntryUrl } from '../main/security/app-origin';
import { startSandbox, type Sandbox } from './sandbox/start-sandbox';

// `npm run sandbox`: the local mail world plus the app. Electron where it is installed, else the
// browser host. Ctrl-C or SIGTERM, even during start-up, stops everything this started.

const started = Date.now();
const electron = process.env.SANDBOX_HOST === 'browser' ? null : installedElectronBinary();
const stateFile = process.env.SANDBOX_STATE_FILE;
// The stack's keyring check and the browser host load the native modules in Node; Electron gets
// its own build only once the stack is up.
ensureNativeAbi('node');

const starting = startSandbox({
  rendererDir: path.resolve('dist/renderer'),
  browserHost: !electron,
  browserCommand: process.env.BROWSER || undefined,
});
let app: ReturnType<typeof launchElectron> | null = null;
let stateWritten: Promise<void> = Promise.resolve();
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  app?.kill('SIGTERM');
  await stateWritten.catch(() => undefined);
  if (stateFile) await rm(stateFile, { force: true });
  // A stop during start-up waits for the start to finish, then closes what it started.
  await starting.then((sandbox) => sandbox.close()).catch(() => undefined);
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0));

const sandbox = await starting;
if (!stopping) announce(sandbox);

function announce(sandbox: Sandbox) {
  const facts = { ...sandbox.facts, appUrl: electron ? appEntryUrl : sandbox.facts.appUrl };
  if (electron) {
    ensureNativeAbi('electron');
    app = launchElectron(electron, { ...process.env, HARBOR_CONFIG_DIR: facts.configDir });
    app.once('exit', (code) => void stop(code ?? 1));
  }

  const lines = [
    `Sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    electron
      ? 'The app runs in Electron with the Sandbox provider.'
      : `Open the app: ${facts.appUrl}\n(Electron is not installed here, so the app runs in the browser host.)`,
    `Authorization server: ${facts.issuer}`,
    `IMAP: ${facts.imap.host}:${facts.imap.port} (TLS)   SMTP: ${facts.smtp.host}:${facts.smtp.tlsPort} (TLS), ${facts.smtp.starttlsPort} (STARTTLS)`,
    `Test CA: ${facts.caFile}`,
    'Sandbox users:',
    ...facts.users.map(
      (user) =>
        `  ${user.email}  password: ${user.password}${user.appPassword ? `  IMAP app password: ${user.appPassword}` : ''}`,
    ),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  if (stateFile) {
    // Written whole or not at all: a reader never sees half a file.
    const partial = `${stateFile}.partial`;
    stateWritten = writeFile(partial, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 }).then(() =>
      rename(partial, stateFile),
    );
  }
}
