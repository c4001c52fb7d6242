import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { safeFileName } from '../main/files/safe-file-name';
import { writeContent, type SaveContent } from '../main/files/save-file';

/** Saves a file (an attachment, an mbox) where the user chooses, never opening it; false when they cancel. */
export async function saveWithDialog(
  window: BrowserWindow | null,
  suggestedName: string,
  content: SaveContent,
): Promise<boolean> {
  const options = { defaultPath: path.join(app.getPath('downloads'), safeFileName(suggestedName)) };
  const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return false;
  const file = await open(choice.filePath, 'w', 0o600);
  try {
    await writeContent(file, content);
  } catch (error) {
    await file.close();
    await rm(choice.filePath, { force: true });
    throw error;
  }
  await file.close();
  return true;
}
