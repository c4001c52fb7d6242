import path from 'node:path';

const windowsReserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name from a message (attachment names are the sender's choice) made safe to offer in a
 * save dialog or write in a folder: no folders, no control or reserved characters, no leading dot,
 * no reserved Windows device name, and bounded length with its extension kept.
 */
export function safeFileName(name: string, fallback = 'attachment'): string {
  const base = path.posix.basename(path.win32.basename(name.normalize('NFC')));
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed.
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069<>:"/\\|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (!cleaned || windowsReserved.test(cleaned)) return fallback;
  if (cleaned.length <= 200) return cleaned;
  const extension = path.extname(cleaned).slice(0, 20);
  return cleaned.slice(0, 200 - extension.length) + extension;
}
