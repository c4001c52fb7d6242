import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The installed Electron executable, or null. Looks at what the electron package recorded
 * instead of requiring it, because requiring it tries to download the binary.
 */
export function installedElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.join(override, relative || 'electron')
    : relative && path.join(packageDir, 'dist', relative);
  return binary && existsSync(binary) ? binary : null;
}

/** Starts the app from this folder; ELECTRON_RUN_AS_NODE would turn it into plain Node. */
export function launchElectron(binary: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(binary, ['.'], { stdio: 'inherit', env: { ...env, ELECTRON_RUN_AS_NODE: undefined } });
}
