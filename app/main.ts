import path from 'node:path';
import { app, session, shell, type BrowserWindow } from 'electron';
import { createExternalOpener } from '../main/links/external-opener';
import { startMainServices, type MainServices } from '../main/services/start-main-services';
import { closeBeforeQuit } from './close-before-quit';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { saveWithDialog } from './save-dialog';
import { showStartFailure } from './start-failure-dialog';
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

const log = (line: string) => console.error(line);

async function start(): Promise<MainServices> {
  guardSession(session.defaultSession);
  serveRenderer(path.join(__dirname, '..', 'renderer'));
  const services = await startMainServices({
    transport: createElectronHost(() => mainWindow?.webContents ?? null),
    configDir: process.env.HARBOR_CONFIG_DIR ?? app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    opener,
    log,
    bringToFront: focusMainWindow,
    saveFile: (name, content) => saveWithDialog(mainWindow, name, content),
  });
  mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  return services;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', focusMainWindow);
  app.on('web-contents-created', (_event, contents) => {
    guardSession(contents.session);
    guardWebContents(contents, opener, log);
  });
  app.on('window-all-closed', () => app.quit());
  const started = app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      showStartFailure(error);
      app.exit(1);
      return null;
    });
  closeBeforeQuit(app, started, log);
}
