import path from 'node:path';
import { app, session, shell, type BrowserWindow } from 'electron';
import { createExternalOpener } from '../main/links/external-opener';
import { startMainServices } from '../main/services/start-main-services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { saveWithDialog } from './save-dialog';
import { createElectronHost } from './ipc/electron-host';
import { createMainWindow } from './main-window';
import { guardSession } from './security/session-guards';
import { guardWebContents } from './security/web-contents-guards';

// The Electron composition root: one instance, one sandboxed window, the contract served over
// IPC to that window only.

const opener = createExternalOpener((href) => shell.openExternal(href));
let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  guardSession(session.defaultSession);
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  await startMainServices({
    transport: createElectronHost(() => mainWindow?.webContents ?? null),
    configDir: process.env.HARBOR_CONFIG_DIR ?? app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    opener,
    log: (line) => console.error(line),
    bringToFront: focusMainWindow,
    saveFile: (name, content) => saveWithDialog(mainWindow, name, content),
  });
  mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => {
    guardSession(contents.session);
    guardWebContents(contents, opener);
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      console.error(`Harbor Mail could not start: ${error.message}`);
      app.exit(1);
    });
}
