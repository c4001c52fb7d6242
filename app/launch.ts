import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

// `npm start` after the build: launch Electron, or say in one sentence why it cannot run here.
function electronBinary(): string | null {
  try {
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write(
    'Electron is not installed on this machine (its binary was not downloaded), so the desktop app cannot start here; run `npm run sandbox` to use Harbor Mail in a browser with a local mail server instead.\n',
  );
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
child.on('exit', (code) => process.exit(code ?? 1));
