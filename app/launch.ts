import { spawnSync } from 'node:child_process';
import { installedElectronBinary, launchElectron } from './electron-binary';
import { ensureNativeAbi } from './native-abi';

// `npm start`: say at once, in one sentence, when Electron cannot run here; else build and launch.
const binary = installedElectronBinary();
if (!binary) {
  process.stderr.write(
    'Electron is not installed on this machine (its binary was not downloaded), so the desktop app cannot start here; run `npm run sandbox` to use Harbor Mail in a browser with a local mail server instead.\n',
  );
  process.exit(1);
}
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureNativeAbi('electron');
launchElectron(binary).on('exit', (code) => process.exit(code ?? 1));
