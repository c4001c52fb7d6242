import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installedElectronBinary, launchElectron } from '../app/electron-binary';
import { ensureNativeAbi } from '../app/native-abi';
import { appEntryUrl } from '../main/security/app-origin';
import { startSandbox, type Sandbox } from './sandbox/start-sandbox';
import { reapOnExit } from './stack/reaper';

// `npm run sandbox`: the local mail world plus the app. Electron where it is installed, else the
// browser host. Ctrl-C, SIGTERM or SIGHUP, even during start-up, stops everything this started.

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
  // A terminal's Ctrl-C reaches this process directly and again through npm and tsx; only the first
  // one counts.
  if (stopping) return;
  stopping = true;
  app?.kill('SIGTERM');
  await stateWritten.catch(() => undefined);
  if (stateFile) await rm(stateFile, { force: true });
  // A stop during start-up waits for the start to finish, then closes what it started.
  await starting.then((sandbox) => sandbox.close()).catch(() => undefined);
  process.exit(code);
}
// `on`, not `once`: a repeated signal must find a handler, else it ends the process halfway through.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

// The same signal reaches the tools the start runs (openssl, doveadm), so a stop during start-up may
// make the start fail; stop() then ends the process.
const sandbox = await starting.catch((error: unknown) => {
  if (stopping) return null;
  throw error;
});
if (sandbox && !stopping) announce(sandbox);

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
    `IMAP: ${facts.imap.host}:${facts.imap.port} (TLS)   Gmail-shaped IMAP: ${facts.gmailImap.host}:${facts.gmailImap.port} (TLS)   SMTP: ${facts.smtp.host}:${facts.smtp.tlsPort} (TLS), ${facts.smtp.starttlsPort} (STARTTLS)`,
    `Test CA: ${facts.caFile}`,
    'Sandbox users:',
    ...facts.users.map(
      (user) =>
        `  ${user.email}  password: ${user.password}${user.appPassword ? `  IMAP app password: ${user.appPassword}` : ''}${
          user.server === 'gmail' ? '  (Gmail-shaped server: "Sign in with Gmail-shaped (sandbox)")' : ''
        }`,
    ),
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  if (stateFile) {
    // Written whole or not at all: a reader never sees half a file. Gone with this process, even
    // when it is killed, so that it never announces a sandbox that no longer runs.
    const partial = `${stateFile}.partial`;
    reapOnExit({ path: partial });
    reapOnExit({ path: stateFile });
    stateWritten = writeFile(partial, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 }).then(() =>
      rename(partial, stateFile),
    );
  }
}
