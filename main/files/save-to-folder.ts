import { constants } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { safeFileName } from './safe-file-name';
import { writeContent, type SaveContent } from './save-file';

/**
 * Writes a file into a folder under a safe version of the suggested name, never over an existing
 * file ("name (1).ext" and so on). The browser host's stand-in for a save dialog.
 */
export async function saveToFolder(folder: string, suggestedName: string, content: SaveContent): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const name = safeFileName(suggestedName);
  const extension = path.extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const candidate = path.join(folder, attempt === 0 ? name : `${stem} (${attempt})${extension}`);
    let file;
    try {
      file = await open(candidate, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await writeContent(file, content);
    } catch (error) {
      await file.close();
      await rm(candidate, { force: true });
      throw error;
    }
    await file.close();
    return candidate;
  }
  throw new Error('No free file name left in the folder');
}
