import { spawn } from 'node:child_process';
import { installedElectronBinary } from './electron-binary';

// `npm start` after the build: launch Electron, or say in one sentence why it cannot run here.
const binary = installedElectronBinary();
if (!binary) {
  process.stderr.write(
    'Electron is not installed on this machine (its binary was not downloaded), so the desktop app cannot start here; run `npm run sandbox` to use Harbor Mail in a browser with a local mail server instead.\n',
  );
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code) => process.exit(code ?? 1));
