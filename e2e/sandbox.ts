import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installedElectronBinary } from '../app/electron-binary';
import { startSandbox } from './sandbox/start-sandbox';

// `npm run sandbox`: the local mail world plus the app. Electron where it is installed, else the
// browser host. Ctrl-C or SIGTERM stops everything this started.

const started = Date.now();
const electron = process.env.SANDBOX_HOST === 'browser' ? null : installedElectronBinary();
const stateFile = process.env.SANDBOX_STATE_FILE;
const sandbox = await startSandbox({
  rendererDir: path.resolve('dist/renderer'),
  browserHost: !electron,
  browserCommand: process.env.BROWSER || undefined,
});
const { facts } = sandbox;

let app: ReturnType<typeof spawn> | null = null;
if (electron) {
  app = spawn(electron, ['.'], { stdio: 'inherit', env: { ...process.env, HARBOR_CONFIG_DIR: facts.configDir } });
}

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  app?.kill('SIGTERM');
  if (stateFile) await rm(stateFile, { force: true });
  await sandbox.close();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0));
app?.once('exit', () => void stop(0));

const lines = [
  `Sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  electron ? 'The app runs in Electron with the Sandbox provider.' : `Open the app: ${facts.appUrl}`,
  !electron ? '(Electron is not installed here, so the app runs in the browser host.)' : '',
  `Authorization server: ${facts.issuer}`,
  `IMAP: ${facts.imap.host}:${facts.imap.port} (TLS)   SMTP: ${facts.smtp.host}:${facts.smtp.tlsPort} (TLS), ${facts.smtp.starttlsPort} (STARTTLS)`,
  `Test CA: ${facts.caFile}`,
  'Sandbox users:',
  ...facts.users.map((user) => `  ${user.email}  password: ${user.password}`),
  'Press Ctrl-C to stop.',
].filter(Boolean);
process.stdout.write(`${lines.join('\n')}\n`);

if (stateFile) {
  await writeFile(stateFile, `${JSON.stringify(facts, null, 2)}\n`, { mode: 0o600 });
}
