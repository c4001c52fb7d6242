import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// better-sqlite3 and keytar are native: built for Node by `npm install`, they must be rebuilt
// for Electron's ABI before the desktop app can load them, and back for Node before the tests
// (which run under plain Node) can. A stamp in node_modules remembers which build is there, so
// each entry point rebuilds only when it switches.

export type NativeAbi = 'node' | 'electron';

const stampFile = path.join('node_modules', '.harbor-native-abi');

function currentAbi(): NativeAbi {
  // npm install builds for Node; no stamp means nothing was rebuilt since.
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === 'electron' ? 'electron' : 'node';
}

const rebuildCommands: Record<NativeAbi, string[]> = {
  node: ['npm', 'rebuild', 'better-sqlite3', 'keytar'],
  electron: ['npx', 'electron-builder', 'install-app-deps'],
};

/** Rebuilds the native modules for `target` when the ones installed were built for the other. */
export function ensureNativeAbi(target: NativeAbi): void {
  if (currentAbi() === target) return;
  process.stdout.write(`Rebuilding native modules for ${target === 'node' ? 'Node' : 'Electron'}…\n`);
  const [command, ...args] = rebuildCommands[target];
  const result = spawnSync(command!, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Rebuilding native modules for ${target} failed.`);
  writeFileSync(stampFile, `${target}\n`);
}
