// A private Secret Service for one stack run: its own D-Bus session bus (no service activation,
// so nothing starts behind our back) and gnome-keyring-daemon with an unlocked 'login' keyring,
// all state under `dir`. Ready means keytar really stored and read a secret through it.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runKeytar } from './keytar-child';
import type { Keyring } from './types';

const KEYRING_PASSWORD = 'test';
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
const MAX_STDERR_CHARS = 4_000;

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

/** A daemon in its own process group, with the tail of its stderr kept for error messages. */
class Daemon {
  readonly child: ChildProcess;
  /** Settles when the process has exited or could not be started. */
  readonly ended: Promise<void>;
  #running = true;
  #log = '';

  constructor(
    readonly command: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(command, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.#log = (this.#log + chunk).slice(-MAX_STDERR_CHARS);
    });
    this.ended = new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', (error) => {
        this.#log += `\n${error.message}`;
        resolve();
      });
    }).then(() => {
      this.#running = false;
    });
  }

  finishInput(text: string): void {
    // A daemon that could not start or died is reported through `ended`, not a broken pipe.
    this.child.stdin?.on('error', () => undefined);
    this.child.stdin?.end(text);
  }

  get running(): boolean {
    return this.#running;
  }

  failure(what: string): Error {
    return new Error(`${this.command} ${what}: ${this.#log.trim() || 'no output'}`);
  }

  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (!this.#running || pid === undefined) return;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is already gone
      }
    };
    signalGroup('SIGTERM');
    const stopped = await Promise.race([
      this.ended.then(() => true),
      sleep(STOP_GRACE_MS, undefined, { ref: false }).then(() => false),
    ]);
    if (!stopped) {
      signalGroup('SIGKILL');
      await this.ended;
    }
  }
}

/** dbus-daemon --print-address writes the bus address as its first line. */
async function readBusAddress(bus: Daemon): Promise<string> {
  const stdout = bus.child.stdout;
  if (!stdout) throw bus.failure('has no stdout');
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
  const address = await Promise.race([firstLine, bus.ended.then(() => undefined)]);
  if (!address) throw bus.failure('ended before printing its address');
  return address;
}

/** Proves the Secret Service answers: keytar stores and reads back a random secret. */
async function waitForSecretService(env: Record<string, string>, keyringDaemon: Daemon): Promise<void> {
  const probe = { service: 'harbor-stack-probe', account: 'probe' };
  const password = randomBytes(16).toString('hex');
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!keyringDaemon.running) throw keyringDaemon.failure('ended');
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
  const bus = new Daemon('dbus-daemon', [`--config-file=${configFile}`, '--nofork', '--print-address=1'], baseEnv);
  bus.finishInput('');
  let keyringDaemon: Daemon | undefined;
  const close = async () => {
    await keyringDaemon?.stop();
    await bus.stop();
  };

  try {
    const env = { DBUS_SESSION_BUS_ADDRESS: await readBusAddress(bus) };
    keyringDaemon = new Daemon('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
      ...baseEnv,
      ...env,
    });
    keyringDaemon.child.stdout?.resume();
    // With --unlock the daemon reads the login keyring's password until end of input, and
    // creates that keyring if it does not exist yet.
    keyringDaemon.finishInput(KEYRING_PASSWORD);
    await waitForSecretService(env, keyringDaemon);
    return { env, close };
  } catch (error) {
    await close();
    throw error;
  }
}
