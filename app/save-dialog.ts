import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { safeFileName } from '../main/files/safe-file-name';

/** Saves an attachment where the user chooses, never opening it; false when they cancel. */
export async function saveWithDialog(
  window: BrowserWindow | null,
  suggestedName: string,
  content: Uint8Array,
): Promise<boolean> {
  const options = { defaultPath: path.join(app.getPath('downloads'), safeFileName(suggestedName)) };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return false;
  await writeFile(choice.filePath, content, { mode: 0o600 });
  return true;
}
