import type { FileHandle } from 'node:fs/promises';

/** What a file saved through the host holds: bytes, or chunks pulled one at a time (a folder's export). */
export type SaveContent = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * The host's save dialog (or the browser host's downloads folder): resolves false when the person
 * cancelled. Content that fails part way leaves no partial file behind.
 */
export type SaveFile = (suggestedName: string, content: SaveContent) => Promise<boolean>;

/** Writes the content into an open file, chunk by chunk; the caller removes the file if this throws. */
export async function writeContent(file: FileHandle, content: SaveContent): Promise<void> {
  if (content instanceof Uint8Array) {
    await file.writeFile(content);
    return;
  }
  for await (const chunk of content) await file.write(chunk);
}
