// A private Secret Service for one stack run: its own D-Bus session bus (no service activation,
// so nothing starts behind our back) and gnome-keyring-daemon with an unlocked 'login' keyring,
// all state under `dir`. Ready means keytar really stored and read a secret through it.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runKeytar } from './keytar-child';
import { startProcessGroup, type ProcessGroup } from './process-group';
import type { Keyring } from './types';

const KEYRING_PASSWORD = 'test';
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;

function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

/** Describes how `daemon` failed once it has ended, with the tail of its stderr. */
async function daemonFailure(command: string, daemon: ProcessGroup, what: string): Promise<Error> {
  const startError = await daemon.exited.then(
    () => '',
    (error: Error) => error.message,
  );
  const output = `${daemon.stderrTail().trim()}\n${startError}`.trim();
  return new Error(`${command} ${what}: ${output || 'no output'}`);
}

function hasEnded(daemon: ProcessGroup): boolean {
  return daemon.child.exitCode !== null || daemon.child.signalCode !== null;
}

/** dbus-daemon --print-address writes the bus address as its first line. */
async function readBusAddress(bus: ProcessGroup): Promise<string> {
  const stdout = bus.child.stdout;
  if (!stdout) throw new Error('dbus-daemon has no stdout');
  stdout.setEncoding('utf8');
  let output = '';
  const firstLine = new Promise<string>((resolve) => {
    const onData = (chunk: string) => {
      output += chunk;
      const newline = output.indexOf('\n');
      if (newline === -1) return;
      stdout.off('data', onData);
      stdout.resume();
      resolve(output.slice(0, newline).trim());
    };
    stdout.on('data', onData);
  });
  const ended = bus.exited.then(
    () => undefined,
    () => undefined,
  );
  const address = await Promise.race([firstLine, ended]);
  if (!address) throw await daemonFailure('dbus-daemon', bus, 'ended before printing its address');
  return address;
}

/** Proves the Secret Service answers: keytar stores and reads back a random secret. */
async function waitForSecretService(env: Record<string, string>, keyringDaemon: ProcessGroup): Promise<void> {
  const probe = { service: 'harbor-stack-probe', account: 'probe' };
  const password = randomBytes(16).toString('hex');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasEnded(keyringDaemon)) throw await daemonFailure('gnome-keyring-daemon', keyringDaemon, 'ended');
    try {
      await runKeytar(env, { op: 'set', ...probe, password });
      if ((await runKeytar(env, { op: 'get', ...probe })) === password) {
        await runKeytar(env, { op: 'delete', ...probe });
        return;
      }
      lastError = new Error('the probe secret read back differently');
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`Secret Service not ready after ${READY_TIMEOUT_MS} ms: ${String(lastError)}`);
}

export async function startKeyring(dir: string): Promise<Keyring> {
  const home = join(dir, 'home');
  const dataHome = join(dir, 'data');
  const runtimeDir = join(dir, 'runtime');
  await Promise.all([mkdir(home, { recursive: true }), mkdir(dataHome, { recursive: true })]);
  await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, 'session-bus.conf');
  await writeFile(configFile, busConfig(join(runtimeDir, 'bus')));

  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_DATA_HOME: dataHome,
    XDG_RUNTIME_DIR: runtimeDir,
  };
  const bus = startProcessGroup('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], {
    env: baseEnv,
    stdout: 'pipe',
  });
  let keyringDaemon: ProcessGroup | undefined;
  const close = async () => {
    try {
      await keyringDaemon?.stop(STOP_GRACE_MS);
    } finally {
      await bus.stop(STOP_GRACE_MS);
    }
  };

  try {
    const env = { DBUS_SESSION_BUS_ADDRESS: await readBusAddress(bus) };
    // With --unlock the daemon reads the login keyring's password until end of input, and
    // creates that keyring if it does not exist yet.
    keyringDaemon = startProcessGroup('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
      env: { ...baseEnv, ...env },
      input: KEYRING_PASSWORD,
    });
    await waitForSecretService(env, keyringDaemon);
    return { env, close };
  } catch (error) {
    await close();
    throw error;
  }
}
