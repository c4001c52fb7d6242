import type { App } from 'electron';

/** How long quitting waits for the services to close before it exits anyway. */
export const closeDeadlineMs = 10_000;

/**
 * On quit, the main services close first (the outbox finishes or parks its send, IMAP sessions log
 * out, workers stop), for at most `deadlineMs`; then the app quits for real. `services` is the
 * start of the services, so a quit during start-up waits for it and closes what it started.
 */
export function closeBeforeQuit(
  app: Pick<App, 'on' | 'quit'>,
  services: Promise<{ close(): Promise<void> } | null>,
  log: (line: string) => void,
  deadlineMs = closeDeadlineMs,
): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log(`closing the services took over ${deadlineMs / 1000} s; quitting anyway`);
        resolve();
      }, deadlineMs);
    });
    const closing = services
      .then((started) => started?.close())
      .catch((error: unknown) =>
        log(`closing the services failed (${error instanceof Error ? error.name : typeof error})`),
      );
    void Promise.race([closing, deadline]).then(() => {
      clearTimeout(timer);
      state = 'closed';
      app.quit();
    });
  });
}
