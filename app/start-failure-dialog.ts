import { dialog } from 'electron';
import { startFailureText } from '../main/services/start-failure';

/** Says why the app could not start, in a window (and on stderr, for a terminal); the caller then exits. */
export function showStartFailure(error: unknown): void {
  const text = startFailureText(error);
  console.error(`Harbor Mail could not start: ${text}`);
  dialog.showErrorBox('Harbor Mail could not start', text);
}
