import type { WebContents } from 'electron';
import type { ExternalOpener } from '../../main/links/external-opener';
import { traced } from '../../main/logging/trace';
import { isAppUrl } from '../../main/security/app-origin';

/**
 * Applied to every webContents the app ever creates: no navigation away from the app, no new
 * windows (links go to the system browser through the guarded opener), no <webview>.
 */
export function guardWebContents(contents: WebContents, opener: ExternalOpener, log: (line: string) => void): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // A link the opener refuses (file:, a private address...) stays closed; the log says so.
    void traced(opener.open(url), 'opening a link from a new-window request', log);
    return { action: 'deny' };
  });
}
