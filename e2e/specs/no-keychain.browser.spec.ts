import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSandboxConfig } from '../sandbox/start-sandbox';
import { revoke } from '../stack/oauth-test-client';
import { expect, test } from './fixtures';
import { signInFrom } from './support/system-browser';
import { filesUnder, tokenSightings } from './support/token-leaks';

// An app whose session has no Secret Service: the browser host runs in its own process (libsecret
// reads the D-Bus address once per process) with a bus address whose socket does not exist, and
// with its home, XDG folders and temp folder all inside one fresh folder, so anything it wrote to
// disk shows up there.

const STARTUP_TIMEOUT_MS = 30_000;

interface AppProcess {
  child: ChildProcess;
  appUrl: string;
  output: () => string;
}

/** An environment whose every place for files is inside `home`, with no reachable session bus. */
async function homeWithoutKeychain(home: string, browserCommand: string): Promise<NodeJS.ProcessEnv> {
  const folders = {
    XDG_DATA_HOME: 'data',
    XDG_CONFIG_HOME: 'config',
    XDG_CACHE_HOME: 'cache',
    XDG_RUNTIME_DIR: 'runtime',
    TMPDIR: 'tmp',
  };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, BROWSER: browserCommand };
  for (const [name, folder] of Object.entries(folders)) {
    env[name] = path.join(home, folder);
    await mkdir(env[name], { recursive: true, mode: 0o700 });
  }
  env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(home, 'runtime', 'no-such-bus')}`;
  return env;
}

async function startAppProcess(configDir: string, env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/browser-host/cli.ts', '--config-dir', configDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const appUrl = /is at (\S+)/.exec(output)?.[1];
    if (appUrl) return { child, appUrl, output: () => output };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`The browser host did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null) return;
  const exited = once(app.child, 'exit');
  app.child.kill('SIGTERM');
  await exited;
}

test('with no keychain, sign-in works for the session, the app says why, and no token reaches the disk', async ({
  sandbox,
  systemBrowser,
  watched,
  browser,
}) => {
  const { page } = watched;
  const bob = sandbox.facts.users[1]!;
  const { auth, ca } = sandbox.stack;
  const home = await mkdtemp(path.join(os.tmpdir(), 'harbor-no-keychain-home-'));
  const configDir = path.join(home, 'config', 'Harbor Mail');
  await writeSandboxConfig(sandbox.stack, configDir);
  const tokensBefore = new Set(auth.issuedTokens());
  const app = await startAppProcess(configDir, await homeWithoutKeychain(home, systemBrowser.command));
  const newTokens = () => auth.issuedTokens().filter((token) => !tokensBefore.has(token));
  try {
    await page.goto(app.appUrl);
    const warning = page.getByRole('alert', { name: 'Keychain unavailable' });
    await expect(warning).toContainText('Your system keychain is not available');
    await expect(warning).toContainText('keeps your sign-in only until you quit');

    await signInFrom(page.getByRole('button', { name: 'Sign in with Sandbox' }), systemBrowser, browser, bob);
    await expect(page.getByRole('listbox', { name: 'Unified Inbox' }).getByRole('option').first()).toBeVisible();
    await stop(app);

    const tokens = newTokens();
    expect(tokens).toHaveLength(2);
    const files = await filesUnder(home);
    expect(files.map((file) => file.name)).toContain(path.join('config', 'Harbor Mail', 'harbor.db'));
    expect(tokenSightings([...files, { name: 'app output', content: app.output() }], tokens)).toEqual([]);
  } finally {
    await stop(app);
    // The grant was never signed out of: take it back at the server so the shared stack stays clean.
    for (const token of newTokens()) {
      await revoke({ issuer: auth.issuer, caPem: ca.caPem, clientId: auth.appClientId, token });
    }
    await rm(home, { recursive: true, force: true });
  }
});
